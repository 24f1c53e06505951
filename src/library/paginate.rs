//! Pagination of article lists: which slice goes on which page, and where
//! each page lives. The list's own path (`/tags/x/`) is its front page, with
//! the newest articles; the others are `page/N/` below it.
//!
//! Pages are numbered one of two ways (`page_numbers` in site.toml):
//! - **from the oldest** (the default): page 1 holds the oldest articles,
//!   every numbered page holds exactly `per_page`, and the front page the
//!   newest `per_page` to `2 × per_page − 1`. A page's number and articles
//!   never move when articles are added, so an added article rewrites the
//!   front page alone (and, once every `per_page` additions, the few pages
//!   that link the new one). The front page is the highest number and has
//!   no `page/N/` twin.
//! - **from the newest**: page 1 is the front page, page 2 the next
//!   `per_page` older articles, and so on; every page moves along when an
//!   article is added. There is never a `page/1/` duplicate.

use std::ops::Range;

pub(crate) use crate::config::Numbering;

/// How far either side of a page its list of page links reaches.
pub(crate) const WINDOW: usize = 2;

/// The pages of one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pages {
    pub numbering: Numbering,
    pub total_items: usize,
    pub per_page: usize,
    /// How many pages (at least one: an empty list still has its page).
    pub count: usize,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// As in its URL; the front page's too.
    pub number: usize,
    /// The list's own path: its newest articles.
    pub front: bool,
    /// The slice of the list's items (newest first) on this page.
    pub items: Range<usize>,
}

impl Pages {
    pub fn new(total_items: usize, per_page: usize, numbering: Numbering) -> Pages {
        let per_page = per_page.max(1);
        let count = match numbering {
            Numbering::FromOldest => total_items / per_page,
            Numbering::FromNewest => total_items.div_ceil(per_page),
        };
        Pages {
            numbering,
            total_items,
            per_page,
            count: count.max(1),
        }
    }

    /// The front page's number.
    pub fn front(&self) -> usize {
        match self.numbering {
            Numbering::FromOldest => self.count,
            Numbering::FromNewest => 1,
        }
    }

    /// The page numbered `number` (in `1..=count`).
    pub fn page(&self, number: usize) -> Page {
        let (total, per) = (self.total_items, self.per_page);
        let items = match self.numbering {
            Numbering::FromOldest if number == self.count => 0..total - (number - 1) * per,
            Numbering::FromOldest => total - number * per..total - (number - 1) * per,
            Numbering::FromNewest => (number - 1) * per..(number * per).min(total),
        };
        Page {
            number,
            front: number == self.front(),
            items,
        }
    }

    /// Every page, front page first, then older and older.
    pub fn in_reading_order(&self) -> impl Iterator<Item = Page> + '_ {
        (0..self.count).map(|step| self.page(self.at_step(step)))
    }

    /// The page `step` pages after the front page, in reading order.
    fn at_step(&self, step: usize) -> usize {
        match self.numbering {
            Numbering::FromOldest => self.count - step,
            Numbering::FromNewest => 1 + step,
        }
    }

    /// The page before `number` in reading order (newer), if any.
    pub fn newer(&self, number: usize) -> Option<usize> {
        match self.numbering {
            Numbering::FromOldest => (number < self.count).then_some(number + 1),
            Numbering::FromNewest => number.checked_sub(1).filter(|&n| n >= 1),
        }
    }

    /// The page after `number` in reading order (older), if any.
    pub fn older(&self, number: usize) -> Option<usize> {
        match self.numbering {
            Numbering::FromOldest => number.checked_sub(1).filter(|&n| n >= 1),
            Numbering::FromNewest => (number < self.count).then_some(number + 1),
        }
    }

    /// The number of the last page in reading order (the oldest articles).
    pub fn last(&self) -> usize {
        self.at_step(self.count - 1)
    }

    /// The pages within [`WINDOW`] of `number`, in reading order.
    pub fn window(&self, number: usize) -> Vec<usize> {
        let low = number.saturating_sub(WINDOW).max(1);
        let high = (number + WINDOW).min(self.count);
        match self.numbering {
            Numbering::FromOldest => (low..=high).rev().collect(),
            Numbering::FromNewest => (low..=high).collect(),
        }
    }

    /// Whether page `number` shows the list's totals (its article and page
    /// counts). Numbered from the oldest, only the front page does: the
    /// others never change when an article is added.
    pub fn shows_totals(&self, number: usize) -> bool {
        self.numbering == Numbering::FromNewest || number == self.front()
    }

    /// Everything about the list that page `number`'s navigation shows,
    /// besides its own number: equal for two lists whenever the page's
    /// links, window and totals are equal. Numbered from the oldest, an
    /// older page sees only how far the pages above it reach, up to
    /// [`WINDOW`] + 1 (where its window and its newer link stop).
    pub fn seen_from(&self, number: usize) -> [usize; 3] {
        if self.shows_totals(number) {
            [0, self.total_items, self.count]
        } else {
            [1, (number + WINDOW + 1).min(self.count), 0]
        }
    }

    /// The site path of page `number` of the list at `list_path` (which is
    /// empty for the home page or ends with `/`).
    pub fn path(&self, list_path: &str, number: usize) -> String {
        if number == self.front() {
            list_path.to_string()
        } else {
            format!("{list_path}page/{number}/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(total: usize, per: usize, numbering: Numbering) -> Vec<(usize, Range<usize>)> {
        Pages::new(total, per, numbering)
            .in_reading_order()
            .map(|page| (page.number, page.items))
            .collect()
    }

    #[test]
    fn from_the_newest_page_one_is_the_front() {
        assert_eq!(
            numbered(25, 10, Numbering::FromNewest),
            [(1, 0..10), (2, 10..20), (3, 20..25)]
        );
        assert_eq!(numbered(20, 10, Numbering::FromNewest).len(), 2);
        let pages = Pages::new(25, 10, Numbering::FromNewest);
        assert_eq!(pages.path("tags/nato/", 1), "tags/nato/");
        assert_eq!(pages.path("tags/nato/", 3), "tags/nato/page/3/");
        assert_eq!((pages.newer(2), pages.older(2)), (Some(1), Some(3)));
        assert_eq!((pages.newer(1), pages.older(3)), (None, None));
        assert_eq!(pages.window(1), [1, 2, 3]);
        assert_eq!(pages.last(), 3);
    }

    #[test]
    fn from_the_oldest_the_front_takes_the_remainder() {
        assert_eq!(
            numbered(25, 10, Numbering::FromOldest),
            [(2, 0..15), (1, 15..25)]
        );
        assert_eq!(
            numbered(30, 10, Numbering::FromOldest),
            [(3, 0..10), (2, 10..20), (1, 20..30)]
        );
        // Fewer than two pages' worth: all on the front page.
        assert_eq!(numbered(19, 10, Numbering::FromOldest), [(1, 0..19)]);
        let pages = Pages::new(35, 10, Numbering::FromOldest);
        assert_eq!(pages.path("", 3), "");
        assert_eq!(pages.path("", 2), "page/2/");
        assert_eq!((pages.newer(2), pages.older(2)), (Some(3), Some(1)));
        assert_eq!((pages.newer(3), pages.older(1)), (None, None));
        assert_eq!(pages.window(1), [3, 2, 1]);
        assert_eq!(pages.last(), 1);
    }

    #[test]
    fn empty_lists_have_one_empty_page() {
        for numbering in [Numbering::FromOldest, Numbering::FromNewest] {
            let pages: Vec<Page> = Pages::new(0, 10, numbering).in_reading_order().collect();
            assert_eq!(
                pages,
                [Page {
                    number: 1,
                    front: true,
                    items: 0..0
                }]
            );
        }
    }

    /// Every item is on exactly one page, in order, and numbered from the
    /// oldest every page but the front holds exactly `per` items.
    #[test]
    fn pages_cover_the_list_once() {
        for numbering in [Numbering::FromOldest, Numbering::FromNewest] {
            for per in 1..6 {
                for total in 0..40 {
                    let pages = Pages::new(total, per, numbering);
                    let mut next = 0;
                    for page in pages.in_reading_order() {
                        assert_eq!(page.items.start, next, "{numbering:?} {total}/{per}");
                        next = page.items.end;
                        if numbering == Numbering::FromOldest && !page.front {
                            assert_eq!(page.items.len(), per);
                        }
                    }
                    assert_eq!(next, total);
                }
            }
        }
    }

    /// Numbered from the oldest, adding an article leaves every older page
    /// with the same articles (counted from the oldest) and, apart from
    /// the few within reach of the front, the same view of the list.
    #[test]
    fn from_the_oldest_an_added_article_moves_no_older_page() {
        let per = 3;
        for total in 0..60 {
            let before = Pages::new(total, per, Numbering::FromOldest);
            let after = Pages::new(total + 1, per, Numbering::FromOldest);
            for number in 1..before.count {
                let (old, new) = (before.page(number), after.page(number));
                assert_eq!(total - old.items.end, total + 1 - new.items.end);
                assert_eq!(old.items.len(), new.items.len());
                let same_view = before.seen_from(number) == after.seen_from(number);
                // Only when a page is added, and only for the pages
                // within reach of the front.
                let within_reach = number + WINDOW + 1 > before.count;
                let page_added = after.count > before.count;
                assert_eq!(same_view, !(within_reach && page_added));
            }
        }
    }

    /// `seen_from` stands for everything a page's navigation shows.
    #[test]
    fn what_a_page_sees_decides_its_links() {
        let sample = |pages: &Pages, number: usize| {
            let path = |n: usize| pages.path("", n);
            (
                pages.newer(number).map(path),
                pages.older(number).map(path),
                pages
                    .window(number)
                    .into_iter()
                    .map(path)
                    .collect::<Vec<_>>(),
                path(pages.last()),
                path(number),
                pages
                    .shows_totals(number)
                    .then_some((pages.count, pages.total_items)),
            )
        };
        for numbering in [Numbering::FromOldest, Numbering::FromNewest] {
            for a in 0..30 {
                for b in 0..30 {
                    let (one, two) = (Pages::new(a, 2, numbering), Pages::new(b, 2, numbering));
                    for number in 1..=one.count.min(two.count) {
                        if one.seen_from(number) == two.seen_from(number) {
                            assert_eq!(sample(&one, number), sample(&two, number));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn numberings_are_named_as_in_site_toml() {
        assert_eq!(Numbering::parse("from_oldest"), Some(Numbering::FromOldest));
        assert_eq!(Numbering::parse("from_newest"), Some(Numbering::FromNewest));
        assert_eq!(Numbering::parse("oldest"), None);
    }
}
