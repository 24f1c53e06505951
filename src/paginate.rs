//! Pagination of article lists: which slice goes on which page, and where
//! each page lives. Page 1 is the list's own path (`/tags/x/`), later pages
//! are `page/N/` below it; there is never a `page/1/` duplicate.

use std::ops::Range;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// 1-based.
    pub number: usize,
    pub total_pages: usize,
    /// The slice of the list's items on this page.
    pub items: Range<usize>,
}

/// The pages of a list of `total_items`, `per_page` to a page. An empty list
/// still has one (empty) page, so its URL exists.
pub fn pages(total_items: usize, per_page: usize) -> impl Iterator<Item = Page> {
    let per_page = per_page.max(1);
    let total_pages = page_count(total_items, per_page);
    (1..=total_pages).map(move |number| Page {
        number,
        total_pages,
        items: (number - 1) * per_page..(number * per_page).min(total_items),
    })
}

/// How many pages a list of `total_items` has, `per_page` to a page (at
/// least one).
pub fn page_count(total_items: usize, per_page: usize) -> usize {
    total_items.div_ceil(per_page.max(1)).max(1)
}

/// The site path of page `number` of the list at `list_path` (which is empty
/// for the home page or ends with `/`).
pub fn page_path(list_path: &str, number: usize) -> String {
    if number <= 1 {
        list_path.to_string()
    } else {
        format!("{list_path}page/{number}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_into_pages() {
        let all: Vec<Page> = pages(25, 10).collect();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].items, 0..10);
        assert_eq!(all[2].items, 20..25);
        assert!(all.iter().all(|p| p.total_pages == 3));
    }

    #[test]
    fn exact_and_empty_lists() {
        assert_eq!(pages(20, 10).count(), 2);
        let empty: Vec<Page> = pages(0, 10).collect();
        assert_eq!(
            empty,
            [Page {
                number: 1,
                total_pages: 1,
                items: 0..0
            }]
        );
    }

    #[test]
    fn page_paths_have_no_page_one() {
        assert_eq!(page_path("", 1), "");
        assert_eq!(page_path("", 2), "page/2/");
        assert_eq!(page_path("tags/nato/", 1), "tags/nato/");
        assert_eq!(page_path("tags/nato/", 3), "tags/nato/page/3/");
    }
}
