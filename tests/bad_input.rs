//! The catalogue of bad input: every case builds a good site first, breaks
//! one file, and checks the exact message (file, line and column, what to
//! do) and that the previous output folder is exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::SystemTime;

use newsgen::{Article, BuildOptions, Site};

use crate::harness::{
    TestSite, article_page, at, build_with, contents_and_times, failure, leftovers, messages, read,
};

/// A site with one good wire article and one good Markdown article, built.
struct Fixture {
    site: TestSite,
    before: BTreeMap<String, (Vec<u8>, SystemTime)>,
}

const NOW: &str = "2026-11-25T00:00:00Z";

impl Fixture {
    fn new() -> Fixture {
        let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
        site.write("seeds/good.txt", "date 2022-02-01 A good story. The council met on Monday evening and voted for the new budget, which pays for two schools and a library.\n")
            .write(
                "seeds/good.md",
                "+++\ntitle = \"Good\"\ndate = 2022-02-02\n+++\nText.\n",
            );
        build_with(site.path(), at(NOW)).unwrap();
        let before = contents_and_times(&site.out());
        Fixture { site, before }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.site.join(relative)
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        self.site.write(relative, contents);
        self
    }

    /// Builds, expects failure with exactly these messages, and checks that
    /// the previous output is untouched (bytes and modification times).
    fn fails_with(&self, expected: &[&str]) {
        let problems = match build_with(self.site.path(), at(NOW)) {
            Ok(_) => panic!("the build succeeded; expected {expected:?}"),
            Err(failed) => messages(&failed.problems),
        };
        assert_eq!(problems, expected);
        assert!(
            contents_and_times(&self.site.out()) == self.before,
            "the previous output changed"
        );
        let leftovers = leftovers(self.site.path(), &["staging"]);
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    /// Builds, expects success, and returns the warnings.
    fn warnings(&self) -> Vec<String> {
        let (site, _) = build_with(self.site.path(), at(NOW)).unwrap();
        messages(&site.warnings)
    }
}

const DATE_HELP: &str =
    "  help: start the file with `date YYYY-MM-DD` (or `date YYYY-MM`), then the article text";

#[test]
fn wire_text_without_a_date_line() {
    Fixture::new()
        .write("seeds/bad.txt", "Hungary's Prime Minister arrived.\n")
        .fails_with(&[&format!(
            "seeds/bad.txt:1:1: wire text must start with a `date` line\n{DATE_HELP}"
        )]);
}

#[test]
fn impossible_dates() {
    let help = "  help: write the date as YYYY-MM-DD (for example 2022-02-01), or YYYY-MM when only the month is known";
    Fixture::new()
        .write("seeds/a.txt", " date 2022-02-30 Text.")
        .write("seeds/b.txt", "date 2022-13 Text.")
        .fails_with(&[
            &format!(
                "seeds/a.txt:1:7: `2022-02-30` is not a date: February 2022 has 28 days\n{help}"
            ),
            &format!("seeds/b.txt:1:6: `2022-13` is not a date: there is no month 13\n{help}"),
        ]);
}

#[test]
fn a_date_far_in_the_future() {
    Fixture::new().write("seeds/far.txt", "date 2099-01-01 Text.").fails_with(&[
        "seeds/far.txt:1:6: the date 1 January 2099 is more than a year after the build time (2026-11-25)\n  help: check the year; articles dated in the near future are scheduled, and published with --future",
    ]);
}

#[test]
fn empty_and_blank_files() {
    Fixture::new()
        .write("seeds/empty.txt", "")
        .write("seeds/blank.txt", "  \n\n \t\n")
        .fails_with(&[
            &format!("seeds/blank.txt:1:1: the file holds only white space\n{DATE_HELP}"),
            &format!("seeds/empty.txt:1:1: the file is empty\n{DATE_HELP}"),
        ]);
}

#[test]
fn a_body_of_only_white_space() {
    Fixture::new().write("seeds/a.txt", "date 2022-02-01   \n\n   \n").fails_with(&[
        "seeds/a.txt:1:6: the article has no text after its date\n  help: write the article after the date, on the same line or below it",
    ]);
}

#[test]
fn bytes_that_are_not_utf8() {
    Fixture::new().write("seeds/a.txt", b"date 2022-02-01 Caf\xE9 society.\n").fails_with(&[
        "seeds/a.txt:1:20: the file is not UTF-8 text (invalid byte at offset 19)\n  help: save the file as UTF-8",
    ]);
}

#[test]
fn binary_and_huge_files() {
    // One byte over the limit: the message must not round it away.
    let mut huge = format!("date 2022-02-01 {}", "word ".repeat(2_097_149));
    huge.push_str(&"x".repeat(10 * 1024 * 1024 + 1 - huge.len()));
    Fixture::new()
        .write("seeds/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        .write("seeds/huge.txt", huge)
        .fails_with(&[
            "seeds/huge.txt: the file is 10,485,761 bytes; an article may be at most 10,485,760 bytes (10 MiB)\n  help: check that this is the right file, or split the article",
            "seeds/image.txt: the file looks like a binary file (an image, a program or a document), not text: it holds a NUL byte at offset 8\n  help: articles are UTF-8 text files; remove this file from seeds/ or export it as text",
        ]);
}

#[test]
fn hidden_article_files_are_named() {
    let fixture = Fixture::new();
    fixture
        .write(
            "seeds/.draft.md",
            "+++\ntitle = \"D\"\ndate = 2022-02-03\n+++\nText.\n",
        )
        .write("seeds/.story.txt.swp", "x")
        .write("seeds/.git/notes.txt", "x");
    assert_eq!(
        fixture.warnings(),
        [
            "seeds/.draft.md: not read: its name starts with `.`, which marks a hidden file\n  help: rename it without the leading dot to publish it"
        ]
    );
}

#[test]
fn control_characters_in_file_names_are_shown_escaped() {
    Fixture::new()
        .write("seeds/two\nlines.txt", "no date\n")
        .fails_with(&[&format!(
            "seeds/two\\nlines.txt:1:1: wire text must start with a `date` line\n{DATE_HELP}"
        )]);
}

#[test]
fn long_paragraphs_bom_and_line_endings_are_accepted() {
    let fixture = Fixture::new();
    let paragraph = "The committee heard evidence from residents about the roads. ".repeat(1700);
    assert!(paragraph.len() > 100_000);
    fixture
        .write("seeds/long.txt", format!("date 2022-03-01 {paragraph}"))
        .write(
            "seeds/bom.txt",
            "\u{FEFF}date 2022-03-02 With a byte-order mark.\r\n\r\nThe second paragraph is long enough to read as the text of a real story.\r\n",
        )
        .write(
            "seeds/cr.txt",
            "date 2022-03-03 Old Mac line endings.\r\rThe second paragraph is long enough to read as the text of a real story.\r",
        );
    assert!(fixture.warnings().is_empty());
    let site = Site::load(fixture.site.path(), at(NOW)).unwrap();
    let titles: Vec<&str> = site
        .library
        .articles
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert!(
        titles.contains(&"Old Mac line endings") && titles.contains(&"With a byte-order mark"),
        "{titles:?}"
    );
    let cr = site
        .library
        .articles
        .iter()
        .find(|a| a.title == "Old Mac line endings")
        .unwrap();
    assert_eq!(
        site.sections(cr).unwrap()[0].html,
        "<p>Old Mac line endings.</p>\n<p>The second paragraph is long enough to read as the text of a real story.</p>\n"
    );
}

#[test]
fn markdown_front_matter_never_closed() {
    Fixture::new().write("seeds/a.md", "---\ntitle: T\ndate: 2022-02-01\nText.\n").fails_with(&[
        "seeds/a.md:1:1: the front matter opened with `---` on line 1 is never closed\n  help: add a line with only `---` after the last front matter key",
    ]);
}

#[test]
fn invalid_toml_and_yaml_are_placed_in_the_article_file() {
    let help = "  help: fix the front matter; see the README for its keys and their types";
    Fixture::new()
        .write("seeds/a.md", "+++\ntitle = \"T\"\ndate = 2022-02-01\nauthors = [\"A\",\n+++\n")
        .write("seeds/b.md", "---\ntitle: T\n  bad: [\ndate: 2022-01-01\n---\n")
        .fails_with(&[
            &format!("seeds/a.md:4:16: invalid TOML front matter: unclosed array, expected `]`\n{help}"),
            &format!("seeds/b.md:3:6: invalid YAML front matter: mapping values are not allowed in this context\n{help}"),
        ]);
}

#[test]
fn wrong_types_in_front_matter() {
    let help = "  help: fix the front matter; see the README for its keys and their types";
    Fixture::new()
        .write("seeds/a.md", "+++\ntitle = \"T\"\ndate = 2022-02-01\ntags = \"a\"\n+++\n")
        .write("seeds/b.md", "+++\ntitle = \"T\"\ndate = 5\n+++\n")
        .write("seeds/c.md", "---\ntitle: T\ndate: 2022-01-01\ntags: a\n---\n")
        .fails_with(&[
            &format!("seeds/a.md:4:8: invalid TOML front matter: invalid type: string \"a\", expected a sequence\n{help}"),
            &format!("seeds/b.md:3:8: invalid TOML front matter: invalid type: integer `5`, expected a date such as 2022-02-01 or 2022-02-01T09:30:00+01:00\n{help}"),
            &format!("seeds/c.md:4:7: invalid YAML front matter: tags: invalid type: string \"a\", expected a sequence\n{help}"),
        ]);
}

#[test]
fn missing_title_and_date() {
    Fixture::new().write("seeds/a.md", "+++\ntags = [\"x\"]\n+++\nText.\n").fails_with(&[
        "seeds/a.md:1:1: the article has no `date`\n  help: add `date = 2022-02-01` to the front matter",
        "seeds/a.md:1:1: the article has no `title`\n  help: add `title = \"The headline\"` to the front matter",
    ]);
}

#[test]
fn unknown_front_matter_key_is_a_warning() {
    let fixture = Fixture::new();
    fixture.write(
        "seeds/a.md",
        "+++\ntitle = \"T\"\ndate = 2022-02-01\nsumary = \"x\"\n+++\nText.\n",
    );
    assert_eq!(
        fixture.warnings(),
        [
            "seeds/a.md:4:1: unknown front matter key `sumary`\n  help: did you mean `summary`? Unknown keys are ignored; put your own values under `extra`"
        ]
    );
}

#[test]
fn unsafe_slugs_and_overlong_tags() {
    let slug_help =
        |s: &str| format!("  help: use lowercase letters, digits and hyphens, for example `{s}`");
    let long = "x".repeat(500);
    Fixture::new()
        .write("seeds/a.md", "+++\ntitle = \"T\"\ndate = 2022-02-01\nslug = \"../../etc\"\n+++\n")
        .write("seeds/b.md", "+++\ntitle = \"T\"\ndate = 2022-02-01\nslug = \"a/b\"\n+++\n")
        .write("seeds/c.md", "+++\ntitle = \"T\"\ndate = 2022-02-01\nslug = \"a\\\\b\"\n+++\n")
        .write("seeds/d.md", "+++\ntitle = \"T\"\ndate = 2022-02-01\nslug = \"a\\u0000b\"\n+++\n")
        .write("seeds/e.md", format!("+++\ntitle = \"T\"\ndate = 2022-02-01\ntags = [\"{long}\"]\n+++\n"))
        .fails_with(&[
            &format!("seeds/a.md:4:1: `slug = \"../../etc\"` cannot be used in a URL\n{}", slug_help("etc")),
            &format!("seeds/b.md:4:1: `slug = \"a/b\"` cannot be used in a URL\n{}", slug_help("a-b")),
            &format!("seeds/c.md:4:1: `slug = \"a\\\\b\"` cannot be used in a URL\n{}", slug_help("a-b")),
            &format!("seeds/d.md:4:1: `slug = \"a\\0b\"` cannot be used in a URL\n{}", slug_help("a-b")),
            "seeds/e.md:4:1: the tag `xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…` is 500 characters long; a tag may be at most 100\n  help: shorten the tag to a name or topic, such as \"City Council\"",
        ]);
}

#[test]
fn same_slug_and_empty_slugs_still_publish_with_a_warning() {
    let fixture = Fixture::new();
    fixture
        .write(
            "seeds/x.md",
            "+++\ntitle = \"Same\"\ndate = 2022-02-05\n+++\n",
        )
        .write(
            "seeds/y.md",
            "+++\ntitle = \"Same\"\ndate = 2022-02-05\n+++\n",
        )
        .write(
            "seeds/z.md",
            "+++\ntitle = \"!!!\"\ndate = 2022-02-05\ntags = [\"???\"]\n+++\n",
        );
    assert_eq!(
        fixture.warnings(),
        [
            "seeds/y.md: has the same URL as seeds/x.md (/2022/02/05/same/); this article is published as /2022/02/05/same-2/\n  help: give one of them a different title, or set `slug` in its front matter"
        ]
    );
    let site = Site::load(fixture.site.path(), at(NOW)).unwrap();
    let z = site
        .library
        .articles
        .iter()
        .find(|a| a.source.ends_with("z.md"))
        .unwrap();
    assert!(
        z.slug.starts_with("article-")
            && fixture
                .site
                .out()
                .join(&z.path)
                .join("index.html")
                .is_file()
    );
}

#[test]
fn site_toml_problems() {
    let cases = [
        (
            "title = \"T\"\nbase_url = \"https://example.org/\nx = 1\n",
            "site.toml:2:33: invalid TOML: invalid basic string, expected `\"`\n  help: see the site.toml section of the README for the syntax and the keys",
        ),
        (
            "title = \"T\"\nbase_url = \"https://example.org/\"\ntimezon = \"UTC\"\n",
            "site.toml:3:1: unknown key `timezon`\n  help: did you mean `timezone`?",
        ),
        (
            "title = \"T\"\nbase_url = \"example.org\"\n",
            "site.toml:2:12: `base_url = \"example.org\"` has no scheme (https://)\n  help: write the address the site will be served at, with its scheme: `https://example.org/` or `https://example.org/news/`",
        ),
        (
            "title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"Mars/Olympus\"\n",
            "site.toml:3:12: unknown time zone `Mars/Olympus`\n  help: use an IANA time zone name such as `Europe/London` or `UTC`",
        ),
        (
            "title = \"T\"\nbase_url = \"https://example.org/\"\npaginate_by = 0\n",
            "site.toml:3:15: `paginate_by = 0` must be at least 1\n  help: set how many articles each list page shows, for example `paginate_by = 10`",
        ),
        (
            "title = \"T\"\nbase_url = \"https://example.org/\"\npermalink = \"/news/%2e%2e/{slug}/\"\n",
            "site.toml:3:13: invalid permalink pattern `/news/%2e%2e/{slug}/`: `%` is not kept as it is in a link (only letters, digits and `-`, `.`, `_`, `~` are)\n  help: write `/news/{slug}/`",
        ),
    ];
    for (text, expected) in cases {
        Fixture::new()
            .write("site.toml", text)
            .fails_with(&[expected]);
    }
}

#[test]
fn template_problems_name_file_line_and_column() {
    let help =
        "  help: fix the template; the README lists every template and the variables each one gets";
    let cases: [(&[(&str, &str)], String); 6] = [
        (&[("templates/tags.html", "{% if %}")], format!("templates/tags.html:1:7: Found `%}}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{{`, `[` or `(`\n  |\n1 | {{% if %}}\n  |       ^^\n{help}")),
        (&[("templates/tags.html", "{% extends \"base.html\" %}{% block content %}\n{{ tagz }}{% endblock content %}")], String::new()),
        (&[("templates/tags.html", "{{ tags | shout }}")], format!("templates/tags.html:1:11: Unknown filter `shout`\n  |\n1 | {{{{ tags | shout }}}}\n  |           ^^^^^\n{help}")),
        (&[("templates/home.html", "{% extends \"nope.html\" %}")], "templates/home.html: extends `nope.html`, which does not exist\n  help: create templates/nope.html or extend an existing template such as base.html".into()),
        (&[("templates/home.html", "{% include \"tags.html\" %}"), ("templates/tags.html", "{% include \"home.html\" %}")], "templates/home.html: templates include each other in a loop: home.html -> tags.html -> home.html\n  help: one of these templates must stop including the next".into()),
        (&[("templates/home.html", "{% extends \"tags.html\" %}"), ("templates/tags.html", "{% extends \"home.html\" %}")], "templates/home.html: templates extend each other in a loop: tags.html -> home.html\n  help: one of these templates must stop extending the next".into()),
    ];
    for (files, expected) in cases {
        let fixture = Fixture::new();
        for (path, text) in files {
            fixture.write(path, text);
        }
        if expected.is_empty() {
            // The unknown variable: Tera lists the variables there are.
            let message = failure(build_with(fixture.site.path(), at(NOW))).remove(0);
            assert!(message.starts_with("templates/tags.html:2:4: Variable `tagz` is not defined. Available variables: letter, letters, page, parts, site, tags, total"), "{message}");
            assert!(contents_and_times(&fixture.site.out()) == fixture.before);
        } else {
            fixture.fails_with(&[&expected]);
        }
    }
}

#[test]
fn symbolic_links_are_never_followed() {
    let fixture = Fixture::new();
    std::os::unix::fs::symlink("..", fixture.path("seeds/loop")).unwrap();
    fs::create_dir(fixture.path("static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", fixture.path("static/passwd")).unwrap();
    std::os::unix::fs::symlink("static", fixture.path("static/self")).unwrap();
    assert_eq!(
        fixture.warnings(),
        [
            "seeds/loop: ignored: a symbolic link (newsgen reads only regular files inside the site folder)",
            "static/passwd: ignored: a symbolic link (newsgen reads only regular files inside the site folder)",
            "static/self: ignored: a symbolic link (newsgen reads only regular files inside the site folder)",
        ]
    );
    assert!(!fixture.path("public/passwd").exists());
}

#[test]
fn a_static_file_cannot_replace_the_output_marker() {
    let fixture = Fixture::new();
    fixture
        .write("static/.newsgen-output", "mine")
        .write("static/.well-known/security.txt", "Contact: x");
    assert_eq!(
        fixture.warnings(),
        [
            "static/.newsgen-output: not copied: the name is newsgen's own mark of its output folder\n  help: remove it from static/; newsgen writes this file itself"
        ]
    );
    assert_ne!(read(fixture.path("public/.newsgen-output")), "mine");
    assert_eq!(
        read(fixture.path("public/.well-known/security.txt")),
        "Contact: x"
    );
    // The marker still marks the folder: the next build replaces it.
    fixture.warnings();
}

const BOTH_HELP: &str = "  help: rename one of them (a static file, a slug or a permalink pattern) so each output file has one source";
const INSIDE_HELP: &str = "  help: change the permalink pattern, the slug or the static file's name so no page is written inside another file's name";

#[test]
fn every_collision_with_a_generated_page_names_the_seed_file() {
    Fixture::new()
        .write("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\npermalink = \"/{slug}/\"\n")
        .write("seeds/a.md", "+++\ntitle = \"A\"\ndate = 2022-02-02\nslug = \"tags\"\n+++\nText.\n")
        .write("seeds/b.md", "+++\ntitle = \"B\"\ndate = 2022-02-02\nslug = \"archive\"\n+++\nText.\n")
        .fails_with(&[
            &format!("seeds/a.md (the page /tags/): writes `tags/index.html`, which the page /tags/ (tags.html) also writes\n{BOTH_HELP}"),
            &format!("seeds/b.md (the page /archive/): writes `archive/index.html`, which the page /archive/ (archive_index.html) also writes\n{BOTH_HELP}"),
        ]);
}

#[test]
fn a_permalink_inside_a_generated_file_says_so() {
    // Both articles are written inside `feed.xml`; the feed, written last,
    // names the first it meets.
    let fixture = Fixture::new();
    fixture.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\npermalink = \"/feed.xml/{slug}/\"\n",
    );
    let failed = failure(build_with(fixture.site.path(), at(NOW)));
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].starts_with("the feed /feed.xml: cannot write `feed.xml`: seeds/good."),
        "{failed:?}"
    );
    assert!(
        failed[0].ends_with(&format!(
            "inside it; a path cannot be both a file and a folder\n{INSIDE_HELP}"
        )),
        "{failed:?}"
    );
    assert!(!failed[0].contains("disk"), "{failed:?}");
}

#[test]
fn a_page_inside_a_kept_file_is_refused_before_anything_moves() {
    // The static file is kept from the last build; the new article would
    // need it as a folder: found before the update starts.
    let fixture = Fixture::new();
    fixture.write("static/2022/02/09", "a file");
    build_with(fixture.site.path(), at(NOW)).unwrap();
    let fixture = Fixture {
        before: contents_and_times(&fixture.site.out()),
        ..fixture
    };
    fixture
        .write("seeds/ninth.txt", "date 2022-02-09 A ninth story. Text.\n")
        .fails_with(&[&format!(
            "seeds/ninth.txt (the page /2022/02/09/a-ninth-story/): writes `2022/02/09/a-ninth-story/index.html`, inside `2022/02/09`, which static/2022/02/09 writes as a file: a path cannot be both a file and a folder\n{INSIDE_HELP}"
        )]);
}

#[test]
fn skip_bad_builds_the_rest_and_lists_what_it_left_out() {
    let fixture = Fixture::new();
    fixture
        .write("seeds/bad.txt", "no date\n")
        .write("seeds/new.txt", "date 2022-03-01 A new story. Text.\n");
    let (site, _) = build_with(
        fixture.site.path(),
        BuildOptions {
            skip_bad: true,
            ..at(NOW)
        },
    )
    .unwrap();
    let left_out: Vec<String> = site.left_out.iter().map(|p| p.location()).collect();
    assert_eq!(left_out, ["seeds/bad.txt:1:1"]);
    assert_eq!(site.library.articles.len(), 3);

    // The site.toml equivalent.
    fixture.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\nskip_bad = true\n",
    );
    let site = Site::load(fixture.site.path(), at(NOW)).unwrap();
    assert_eq!(site.left_out.len(), 1);
}

#[test]
fn future_articles_are_scheduled_unless_asked_for() {
    let fixture = Fixture::new();
    fixture.write("seeds/soon.txt", "date 2026-12-01 Coming soon. Text.\n");
    let site = Site::load(fixture.site.path(), at(NOW)).unwrap();
    assert_eq!((site.scheduled, site.library.articles.len()), (1, 2));
    let site = Site::load(
        fixture.site.path(),
        BuildOptions {
            future: true,
            ..at(NOW)
        },
    )
    .unwrap();
    assert_eq!((site.scheduled, site.library.articles.len()), (0, 3));
}

/// Builds the fixture and returns the body part of the page of the article
/// `pick` chooses: from its `article-body` to the end of the article.
fn article_body(fixture: &Fixture, pick: impl Fn(&Article) -> bool) -> String {
    let (site, _) = build_with(fixture.site.path(), at(NOW)).unwrap();
    let article = site.library.articles.iter().find(|a| pick(a)).unwrap();
    let page = article_page(&fixture.site.out(), article);
    page[page.find("<div class=\"article-body\">").unwrap()..page.find("</article>").unwrap()]
        .to_string()
}

#[test]
fn hostile_wire_text_never_runs() {
    let fixture = Fixture::new();
    fixture.write(
        "seeds/evil.txt",
        "date 2022-03-01 Officials said <script>alert(1)</script> on Monday. More.\n\nSee <img src=x onerror=alert(2)> and javascript:alert(3) and </script>.\n",
    );
    let body = &article_body(&fixture, |a| a.source.ends_with("evil.txt"));
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && body.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{body}"
    );
    assert!(
        !body.contains("<script") && !body.contains("<img") && !body.contains("href=\"javascript")
    );
    let feed = read(fixture.path("public/feed.xml"));
    assert!(!feed.contains("<script") && feed.contains("&amp;lt;script&amp;gt;"));
}

#[test]
fn markdown_html_is_kept_or_sanitised_and_never_has_script_urls() {
    let fixture = Fixture::new();
    fixture.write(
        "seeds/embed.md",
        "+++\ntitle = \"Embed\"\ndate = 2022-03-01\n+++\n<iframe src=\"https://video.example/1\"></iframe>\n\n[click](javascript:alert(1)) <a href=\"&#106;avascript:alert(2)\">x</a> <img src=x onerror=\"alert(3)\">\n",
    );
    let page = |fixture: &Fixture| article_body(fixture, |a| a.title == "Embed");
    let kept = page(&fixture);
    assert!(
        kept.contains("<iframe src=\"https://video.example/1\"></iframe>"),
        "embeds are kept: {kept}"
    );
    assert!(
        !kept.to_lowercase().contains("javascript") && !kept.contains("&#106;"),
        "{kept}"
    );
    assert!(kept.contains("<a>click</a>"), "{kept}");

    fixture.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[markdown]\nunsafe_html = false\n",
    );
    let sanitised = page(&fixture);
    assert!(
        !sanitised.contains("iframe")
            && !sanitised.contains("onerror")
            && !sanitised.to_lowercase().contains("javascript"),
        "{sanitised}"
    );
}

#[test]
fn a_static_file_where_a_page_goes_names_both() {
    let fixture = Fixture::new();
    fixture.write("static/tags/index.html", "<p>mine</p>");
    fixture.fails_with(&[
        "static/tags/index.html: writes `tags/index.html`, which the page /tags/ (tags.html) also writes\n  help: rename one of them (a static file, a slug or a permalink pattern) so each output file has one source",
    ]);
}

#[test]
fn dates_that_feeds_and_sitemaps_cannot_hold() {
    // Year 9999 late on the last day, five hours behind UTC, is year 10000
    // in UTC: RSS (RFC 2822) and sitemaps have four-digit years.
    let help = "  help: check the year";
    Fixture::new()
        .write(
            "seeds/late.md",
            "+++\ntitle = \"Late\"\ndate = 2022-02-03\nupdated = 9999-12-31T23:00:00-05:00\n+++\nText.\n",
        )
        .write(
            "seeds/early.md",
            "---\ntitle: Early\ndate: 0001-01-01T05:00:00+09:00\n---\nText.\n",
        )
        .fails_with(&[
            &format!("seeds/early.md:3:1: `date`: `0001-01-01T05:00:00+09:00` is outside the years feeds and sitemaps can hold (0001 to 9999, in the site's time zone and in UTC)\n{help}"),
            &format!("seeds/late.md:4:1: `updated`: `9999-12-31T23:00:00-05:00` is outside the years feeds and sitemaps can hold (0001 to 9999, in the site's time zone and in UTC)\n{help}"),
        ]);
}

/// Runs the binary with standard output or error a pipe whose reader has
/// already gone; returns the exit code and what reached the other stream.
fn with_closed(stream: &str, args: &[&str], dir: &std::path::Path) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = crate::harness::newsgen(args, dir);
    let output = match stream {
        "stdout" => command.stdout(writer).output().unwrap(),
        _ => command.stderr(writer).output().unwrap(),
    };
    let other = if stream == "stdout" {
        output.stderr
    } else {
        output.stdout
    };
    (
        output.status.code(),
        String::from_utf8_lossy(&other).into_owned(),
    )
}

#[test]
fn a_closed_standard_output_or_error_is_not_a_crash() {
    let fixture = Fixture::new();
    // A good build whose summary line meets a closed pipe: success, quietly.
    fixture.write("seeds/new.txt", "date 2022-02-05 A new story. Text.\n");
    let (code, stderr) = with_closed("stdout", &["build", "--now", NOW], fixture.site.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        fixture
            .site
            .out()
            .join("2022/02/05/a-new-story/index.html")
            .exists()
    );
    // A warning and then a failure, with standard error closed: the exit
    // code says the build failed, and nothing panics.
    fixture
        .write(
            "seeds/typo.md",
            "+++\ntitle = \"T\"\ndate = 2022-02-06\ntagz = [\"x\"]\n+++\nText.\n",
        )
        .write("seeds/bad.txt", "no date\n");
    let (code, stdout) = with_closed("stderr", &["build", "--now", NOW], fixture.site.path());
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn a_relative_site_folder_writes_into_its_own_output_folder() {
    let fixture = Fixture::new();
    let parent = fixture.site.path().parent().unwrap();
    let name = fixture.site.path().file_name().unwrap().to_str().unwrap();
    fixture.write("seeds/new.txt", "date 2022-02-05 A new story. Text.\n");
    let output =
        crate::harness::newsgen(&["build", "--quiet", "--site", name, "--now", NOW], parent)
            .output()
            .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        fixture
            .path("public/2022/02/05/a-new-story/index.html")
            .is_file()
    );
    assert!(
        !fixture.path(name).exists(),
        "the site folder was joined twice"
    );
}
