//! `newsgen new`: a draft article in `seeds/YYYY/MM/DD/`, dated now in the
//! site's time zone, that a build publishes once the draft line is gone;
//! never an overwrite.

use crate::harness::*;
use newsgen::BuildOptions;

const SITE: &str =
    "title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"Asia/Tokyo\"\n";

fn new(site: &TestSite, args: &[&str]) -> std::process::Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    newsgen(&all, site.path()).output().unwrap()
}

#[test]
fn writes_a_draft_that_builds_once_published() {
    let site = TestSite::new(SITE);
    let made = new(
        &site,
        &[
            "Harbour \"bridge\" vote passes",
            "--author",
            "Ann Lee",
            "--author",
            "Bo Kim",
            "--now",
            "2026-03-01T23:30:00Z",
        ],
    );
    assert!(made.status.success(), "{made:?}");
    let path = "seeds/2026/03/02/harbour-bridge-vote-passes.md";
    assert_eq!(String::from_utf8_lossy(&made.stdout).trim(), path);
    let text = read(site.join(path));
    assert!(
        text.contains("date = 2026-03-02T08:30:00+09:00\n"),
        "{text}"
    );

    // A draft: not published by a plain build, published with --drafts.
    let (built, _) = build_at(site.path(), "2026-03-05T00:00:00Z");
    assert_eq!(built.library.articles.len(), 0);
    assert_eq!(built.drafts, 1);
    let options = BuildOptions {
        drafts: true,
        ..at("2026-03-05T00:00:00Z")
    };
    let (built, _) = build_with(site.path(), options).unwrap();
    let article = &built.library.articles[0];
    assert_eq!(article.title, "Harbour \"bridge\" vote passes");
    assert_eq!(article.authors, ["Ann Lee", "Bo Kim"]);
    assert_eq!(article.path, "2026/03/02/harbour-bridge-vote-passes/");

    // Without the draft line it is published, and the build stays clean.
    let published: String = text
        .lines()
        .filter(|l| !l.contains("draft"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(&site.join(path), published);
    let (built, _) = build_at(site.path(), "2026-03-05T00:00:00Z");
    assert_eq!(built.library.articles.len(), 1);
    // But for the byline's names, which have no profile in authors/.
    assert_eq!(
        messages(&built.warnings)
            .iter()
            .map(|w| w.lines().next().unwrap_or_default())
            .collect::<Vec<_>>(),
        ["authors: 2 authors have no profile: Ann Lee, Bo Kim"]
    );
}

#[test]
fn never_overwrites_an_article() {
    let site = TestSite::new(SITE);
    let args = ["Storm closes port", "--now", "2026-03-01T10:00:00Z"];
    assert!(new(&site, &args).status.success());
    let path = site.join("seeds/2026/03/01/storm-closes-port.md");
    write(&path, "my story");
    let again = new(&site, &args);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("seeds/2026/03/01/storm-closes-port.md")
            && stderr.contains("already exists"),
        "{stderr}"
    );
    assert_eq!(read(&path), "my story");
    // Another slug is another file.
    let other = new(
        &site,
        &[
            "Storm closes port",
            "--slug",
            "storm-port-2",
            "--now",
            "2026-03-01T10:00:00Z",
        ],
    );
    assert!(other.status.success(), "{other:?}");
    assert!(site.join("seeds/2026/03/01/storm-port-2.md").is_file());
}

#[test]
fn outside_a_site_it_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let out = newsgen(&["new", "Storm closes port"], dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.toml"), "{stderr}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}
