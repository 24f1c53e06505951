//! Symbolic links inside the output folder: newsgen never writes, renames
//! into or deletes through one. A folder of the output replaced by a link
//! (to anywhere) fails the next build that must write into it or delete
//! from it, naming the link; the folder it points to and the output stay
//! exactly as they were. A file of the output replaced by a link is never
//! read through either: the next build puts a file back in its place.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::SystemTime;

use crate::harness::{
    TestSite, at, build_at, build_with, contents_and_times, failure, hashes, leftovers, newsgen,
    read, replace_in, write,
};

const NOW: &str = "2023-01-20T00:00:00Z";

/// Three stories, a day apart, all tagged Harbour and Council: they make
/// `2023/01/0N/harbour-story-N/index.html`, a page per day and
/// `tags/harbour/`, `tags/council/`.
fn harbour_site() -> TestSite {
    let site = TestSite::new("title = \"Links\"\nbase_url = \"https://example.org/\"\n");
    for n in 1..=3 {
        site.write(
            &format!("seeds/s{n}.md"),
            format!(
                "+++\ntitle = \"Harbour story {n}\"\ndate = 2023-01-0{n}T10:00:00Z\ntags = [\"Harbour\", \"Council\"]\n+++\n\nThe harbour story number {n}.\n"
            ),
        );
    }
    site
}

/// A folder outside the site holding `files` (path, text).
fn outside(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(&dir.path().join(path), text);
    }
    dir
}

/// Replaces the folder `relative` of the output with a link to `target`;
/// returns where the real folder was put aside.
fn link_folder(site: &TestSite, relative: &str, target: &Path) -> PathBuf {
    let folder = site.out().join(relative);
    let aside = site.join(format!("aside-{}", relative.replace('/', "-")));
    fs::rename(&folder, &aside).unwrap();
    symlink(target, &folder).unwrap();
    aside
}

/// What must not change: every file below the output folder (not through
/// the link: walks do not follow links) and below the outside folder, with
/// bytes and times, and where the link points.
struct Snapshot {
    output: BTreeMap<String, (Vec<u8>, SystemTime)>,
    outside: BTreeMap<String, (Vec<u8>, SystemTime)>,
    link: PathBuf,
}

fn snapshot(site: &TestSite, link: &str, outside: &Path) -> Snapshot {
    Snapshot {
        output: contents_and_times(&site.out()),
        outside: contents_and_times(outside),
        link: fs::read_link(site.out().join(link)).unwrap(),
    }
}

fn assert_unchanged(before: &Snapshot, site: &TestSite, link: &str, outside: &Path) {
    let after = snapshot(site, link, outside);
    assert!(
        after.outside == before.outside,
        "the folder the link points to was changed"
    );
    assert!(after.output == before.output, "the output was changed");
    assert_eq!(after.link, before.link, "the link was changed");
    assert!(leftovers(site.path(), &["newsgen-staging"]).is_empty());
    assert!(!journal_left(site.path()), "a journal was left");
}

/// Whether a build left the journal of an update it did not finish.
fn journal_left(root: &Path) -> bool {
    fs::read_dir(root.join(".newsgen")).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".journal"))
    })
}

/// The message of a link at `relative` (below the site folder).
fn link_message(relative: &str) -> String {
    format!(
        "{relative}: this folder of the output is a symbolic link, and newsgen never writes through links in the output folder\n  help: remove the link; the next build writes what belongs there"
    )
}

/// Builds the site once more into `reference/`, from scratch: what the
/// output must hold.
fn reference(site: &TestSite) -> BTreeMap<String, String> {
    let options = newsgen::BuildOptions {
        output_dir: Some(site.join("reference")),
        ..at(NOW)
    };
    build_with(site.path(), options).unwrap();
    hashes(&site.join("reference"))
}

#[test]
fn a_folder_of_the_output_replaced_by_a_link_is_never_written_through() {
    let site = harbour_site();
    build_at(site.path(), NOW);
    // The rebuild changes tags/harbour/index.html: the link's folder holds
    // a file at that very path.
    let elsewhere = outside(&[
        ("harbour/index.html", "sentinel: not newsgen's"),
        ("index.html", "another file of someone else's"),
    ]);
    let aside = link_folder(&site, "tags", elsewhere.path());
    let before = snapshot(&site, "tags", elsewhere.path());
    replace_in(&site.join("seeds/s1.md"), "number 1.", "number 1, revised.");

    let problems = failure(build_with(site.path(), at(NOW)));
    assert_eq!(problems, [link_message("public/tags")]);
    assert_unchanged(&before, &site, "tags", elsewhere.path());

    // What the help says works: without the link the build succeeds and
    // writes the folder again.
    fs::remove_file(site.out().join("tags")).unwrap();
    fs::remove_dir_all(aside).unwrap();
    build_at(site.path(), NOW);
    assert!(read(site.out().join("tags/harbour/index.html")).contains("revised"));
    assert_eq!(hashes(&site.out()), reference(&site));
}

#[test]
fn a_deeper_folder_replaced_by_a_link_is_never_written_through() {
    let site = harbour_site();
    build_at(site.path(), NOW);
    let elsewhere = outside(&[
        ("harbour-story-2/index.html", "sentinel: not newsgen's"),
        ("index.html", "another file of someone else's"),
    ]);
    link_folder(&site, "2023/01/02", elsewhere.path());
    let before = snapshot(&site, "2023/01/02", elsewhere.path());
    replace_in(&site.join("seeds/s2.md"), "number 2.", "number 2, revised.");

    let problems = failure(build_with(site.path(), at(NOW)));
    assert_eq!(problems, [link_message("public/2023/01/02")]);
    assert_unchanged(&before, &site, "2023/01/02", elsewhere.path());
}

#[test]
fn a_gone_file_below_a_link_is_not_deleted_through_it() {
    let site = harbour_site();
    build_at(site.path(), NOW);
    // Story 3 goes: its page and its day's page are deleted by the next
    // build, and their folder is now a link.
    let elsewhere = outside(&[
        ("harbour-story-3/index.html", "sentinel: not newsgen's"),
        ("index.html", "another file of someone else's"),
    ]);
    link_folder(&site, "2023/01/03", elsewhere.path());
    let before = snapshot(&site, "2023/01/03", elsewhere.path());
    fs::remove_file(site.join("seeds/s3.md")).unwrap();

    let problems = failure(build_with(site.path(), at(NOW)));
    assert_eq!(problems, [link_message("public/2023/01/03")]);
    assert_unchanged(&before, &site, "2023/01/03", elsewhere.path());
}

#[test]
fn the_journal_of_a_killed_update_is_not_carried_out_through_a_link() {
    let site = harbour_site();
    build_at(site.path(), NOW);
    replace_in(&site.join("seeds/s1.md"), "number 1.", "number 1, revised.");
    // Killed before the first file was moved into place: the journal says
    // what to move, tags/harbour/index.html among it.
    let status = newsgen(&["build", "--quiet", "--now", NOW], site.path())
        .env("NEWSGEN_FAULT_AFTER_MOVES", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    assert!(journal_left(site.path()));
    let elsewhere = outside(&[
        ("harbour/index.html", "sentinel: not newsgen's"),
        ("index.html", "another file of someone else's"),
    ]);
    let aside = link_folder(&site, "tags", elsewhere.path());
    let before = snapshot(&site, "tags", elsewhere.path());

    let problems = failure(build_with(site.path(), at(NOW)));
    assert_eq!(problems, [link_message("public/tags")]);
    let after = snapshot(&site, "tags", elsewhere.path());
    assert!(after.outside == before.outside && after.output == before.output);
    assert!(journal_left(site.path()), "the update is still to finish");

    // The real folder back: the next build finishes the update first.
    fs::remove_file(site.out().join("tags")).unwrap();
    fs::rename(aside, site.out().join("tags")).unwrap();
    build_at(site.path(), NOW);
    assert!(!journal_left(site.path()));
    assert_eq!(hashes(&site.out()), reference(&site));
}

#[test]
fn a_file_of_the_output_replaced_by_a_link_is_replaced_not_followed() {
    let site = harbour_site();
    build_at(site.path(), NOW);
    // A link to a copy with the same bytes and time: only a check that
    // follows the link would find the file intact and keep it.
    let page = site.out().join("tags/harbour/index.html");
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("page.html");
    fs::copy(&page, &copy).unwrap();
    let time = fs::metadata(&page).unwrap().modified().unwrap();
    fs::File::options()
        .write(true)
        .open(&copy)
        .unwrap()
        .set_modified(time)
        .unwrap();
    fs::remove_file(&page).unwrap();
    symlink(&copy, &page).unwrap();
    let outside_before = contents_and_times(elsewhere.path());

    build_at(site.path(), NOW);
    assert!(fs::symlink_metadata(&page).unwrap().is_file());
    assert_eq!(contents_and_times(elsewhere.path()), outside_before);
    assert_eq!(hashes(&site.out()), reference(&site));
}
