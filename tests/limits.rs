//! The limits on what one file may cost (`[limits]` in site.toml): each
//! case builds a good site, then adds one small file whose cost grew with
//! the square of its size or without end (thousands of tags, deep front
//! matter, many hashtags, nested template loops, a page without end, a
//! component that calls itself), and checks the exact message, which names
//! the file and the setting, and that the previous output is untouched.

use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::harness::{
    TestSite, at, build_with, contents_and_times, leftovers, messages, newsgen, read,
};

const NOW: &str = "2026-11-25T00:00:00Z";

const SITE: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

/// A site with one good article, built, and its output as it was.
struct Fixture {
    site: TestSite,
    before: BTreeMap<String, (Vec<u8>, SystemTime)>,
}

impl Fixture {
    /// The site with `limits` as its `[limits]` table (none when empty).
    fn new(limits: &str) -> Fixture {
        let table = if limits.is_empty() {
            String::new()
        } else {
            format!("[limits]\n{limits}")
        };
        let site = TestSite::new(&format!("{SITE}{table}"));
        site.write("seeds/good.txt", "date 2022-02-01 A good story. The council met on Monday evening and voted for the new budget, which pays for two schools and a library.\n");
        build_with(site.path(), at(NOW)).unwrap();
        let before = contents_and_times(&site.out());
        Fixture { site, before }
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        self.site.write(relative, contents);
        self
    }

    fn output_untouched(&self) {
        assert!(
            contents_and_times(&self.site.out()) == self.before,
            "the previous output changed"
        );
    }

    /// Builds, expects failure with exactly these messages, and checks
    /// that the previous output is untouched.
    fn fails_with(&self, expected: &[&str]) {
        let problems = match build_with(self.site.path(), at(NOW)) {
            Ok(_) => panic!("the build succeeded; expected {expected:?}"),
            Err(failed) => messages(&failed.problems),
        };
        assert_eq!(problems, expected);
        self.output_untouched();
        let leftovers = leftovers(self.site.path(), &["staging"]);
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// A Markdown article declaring `count` tags.
fn tagged(count: usize) -> String {
    let tags: Vec<String> = (0..count).map(|i| format!("\"t{i}\"")).collect();
    format!(
        "+++\ntitle = \"Tags\"\ndate = 2022-02-02\ntags = [{}]\n+++\nText.\n",
        tags.join(", ")
    )
}

#[test]
fn thousands_of_tags_in_front_matter() {
    // 4,000 tags in 31 KB made 1 GiB of tag feeds, each listing all 4,000.
    Fixture::new("").write("seeds/tags.md", tagged(4000)).fails_with(&[
        "seeds/tags.md:4:1: the article has 4000 tags; an article may have at most 100\n  help: keep the tags that matter most, or raise `tags_per_article` under `[limits]` in site.toml",
    ]);
}

#[test]
fn the_tag_limit_is_a_setting() {
    let fixture = Fixture::new("");
    // The default `tags.max` (8) may not pass the limit.
    fixture
        .write("site.toml", format!("{SITE}[limits]\ntags_per_article = 3\n"))
        .fails_with(&[
            "site.toml:4:20: `tags.max = 8` is more than `limits.tags_per_article = 3`\n  help: lower `max`, or raise `tags_per_article` under `[limits]` in site.toml",
        ]);
    fixture
        .write(
            "site.toml",
            format!("{SITE}[limits]\ntags_per_article = 3\n[tags]\nmax = 3\n"),
        )
        .write("seeds/tags.md", tagged(4))
        .fails_with(&[
            "seeds/tags.md:4:1: the article has 4 tags; an article may have at most 3\n  help: keep the tags that matter most, or raise `tags_per_article` under `[limits]` in site.toml",
        ]);
}

#[test]
fn deeply_nested_front_matter() {
    let deep = "[".repeat(1000);
    Fixture::new("")
        .write("seeds/yaml.md", format!("---\ntitle: T\ndate: 2022-02-02\ntags: {deep}\n---\nText.\n"))
        .write("seeds/toml.md", format!("+++\ntitle = \"T\"\ndate = 2022-02-02\n[extra]\nx = {deep}\n+++\nText.\n"))
        .fails_with(&[
            "seeds/toml.md:5:69: the front matter nests lists and tables more than 64 deep\n  help: close the brackets opened before this one, or raise `front_matter_depth` under `[limits]` in site.toml",
            "seeds/yaml.md:4:71: the front matter nests lists and tables more than 64 deep\n  help: close the brackets opened before this one, or raise `front_matter_depth` under `[limits]` in site.toml",
        ]);
}

#[test]
fn many_hashtags_give_at_most_the_limit() {
    let fixture = Fixture::new("tags_per_article = 8\n");
    let hashtags: Vec<String> = (0..20_000).map(|i| format!("#Tag{i}")).collect();
    fixture.write(
        "seeds/hashtags.txt",
        format!("date 2022-02-03 A story.\n\n{}\n", hashtags.join(" ")),
    );
    let (site, _) = build_with(fixture.site.path(), at(NOW)).unwrap();
    assert_eq!(
        messages(&site.warnings),
        [
            "seeds/hashtags.txt: the article has 20000 different hashtags; only the first 8 are read as tags, the rest stay text\n  help: keep the hashtags that matter, or raise `tags_per_article` under `[limits]` in site.toml"
        ]
    );
    let article = site
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("hashtags.txt"))
        .unwrap();
    assert_eq!(article.tags.len(), 8);
}

#[test]
fn nested_template_loops() {
    // Two nested ranges of 100,000 allocated until the process aborted;
    // these two make just over the 1,000,000 items a page may have.
    Fixture::new("")
        .write(
            "templates/404.html",
            "{% for i in range(end=1001) %}{% for j in range(end=1001) %}{% endfor %}{% endfor %}",
        )
        .fails_with(&[
            "templates/404.html:1:43: `range` would make more than 1000000 items for this page (rendering 404.html)\n  |\n1 | {% for i in range(end=1001) %}{% for j in range(end=1001) %}{% endfor %}{% endfor %}\n  |                                           ^^^^^^^^^^^^^^^\n  help: loop over fewer items (nested loops multiply), or raise `range_items` under `[limits]` in site.toml",
        ]);
}

#[test]
fn a_page_past_its_size() {
    Fixture::new("page_mib = 1\n")
        .write(
            "templates/404.html",
            "{% for i in range(end=100000) %}{{ \"0123456789 \" }}{% endfor %}",
        )
        .fails_with(&[
            "templates/404.html: rendering 404.html made more than 1 MiB\n  help: a loop in the template may write without end: check the loops, or raise `page_mib` under `[limits]` in site.toml",
        ]);
}

#[test]
fn a_component_that_calls_itself_without_end() {
    // Three calls per level to Tera's depth of 20: 3^20 calls, hours of
    // work that writes nothing. The watchdog ends the build.
    let fixture = Fixture::new("render_seconds = 1\n");
    fixture.write(
        "templates/404.html",
        "{% component boom(n=0) %}{% if n < 19 %}{{<boom n={n + 1}/>}}{{<boom n={n + 1}/>}}{{<boom n={n + 1}/>}}{% endif %}{% endcomponent boom %}{{<boom/>}}",
    );
    let run = newsgen(&["build", "--quiet", "--now", NOW], fixture.site.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: templates/404.html: rendering 404.html took longer than 1 s; newsgen stopped\n  help: a loop or a component that calls itself may never end: check them, or raise `render_seconds` under `[limits]` in site.toml\nbuild failed: 1 problem; nothing was written\n"
    );
    fixture.output_untouched();
    // The next build clears what the stopped one left.
    fixture.write("templates/404.html", "Not found.");
    build_with(fixture.site.path(), at(NOW)).unwrap();
    assert_eq!(read(fixture.site.out().join("404.html")), "Not found.");
    assert!(leftovers(fixture.site.path(), &["staging"]).is_empty());
}
