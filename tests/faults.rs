//! Faults: builds killed with SIGKILL at random moments, and interrupted
//! with Ctrl-C (SIGINT), must leave the output folder entirely old or
//! entirely new, and the next build must clean up after them. The one
//! exception is a kill during the final renames of an in-place update: the
//! journal then records the update, and the next build completes it before
//! anything else, so the output becomes entirely new.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, hashes, leftovers, newsgen, write};

const NOW: &str = "2026-11-25T00:00:00Z";

const SITE_TOML: &str =
    "title = \"Faults\"\nbase_url = \"https://example.org/\"\npaginate_by = 5\n";

/// The seeds of a site of `count` wire articles; `edition` changes every
/// article's text.
fn write_seeds(root: &Path, count: usize, edition: &str) {
    for n in 0..count {
        let text = format!(
            "date 2024-{:02}-{:02} Story {n} of the {edition} edition about the harbour. The council met.\n\nThe mayor of Harrowmere spoke about the harbour and the council.\n",
            n % 12 + 1,
            n % 28 + 1
        );
        write(&root.join("seeds").join(format!("s{n:05}.txt")), text);
    }
}

fn build(root: &Path, args: &[&str]) -> Child {
    newsgen(&["build", "--quiet", "--now", NOW], root)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child`, giving up (and killing it) after a generous minute so
/// a hang fails the test instead of stalling it.
fn wait(mut child: Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the build did not stop");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A small deterministic generator for kill moments.
struct Moments(u64);

impl Moments {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

struct Editions {
    site: TestSite,
    old: BTreeMap<String, String>,
    new: BTreeMap<String, String>,
    /// How long an uninterrupted build of the new edition took.
    full: Duration,
}

/// Builds the old edition into public/, then switches the seeds to the new
/// edition and builds it once elsewhere to know what "entirely new" is.
fn editions() -> Editions {
    let site = TestSite::new(SITE_TOML);
    write_seeds(site.path(), 600, "first");
    assert!(wait(build(site.path(), &[])).success());
    let old = hashes(&site.out());
    write_seeds(site.path(), 600, "second");
    let started = Instant::now();
    assert!(wait(build(site.path(), &["--output-dir", "reference"])).success());
    let full = started.elapsed();
    let new = hashes(&site.join("reference"));
    assert_ne!(old, new);
    Editions {
        site,
        old,
        new,
        full,
    }
}

/// Whether a build left the journal of an in-place update it did not finish.
fn journal_left(root: &Path) -> bool {
    fs::read_dir(root.join(".newsgen"))
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".journal"))
        })
        .unwrap_or(false)
}

fn assert_old_or_new(editions: &Editions, when: &str) -> bool {
    let now = hashes(&editions.site.out());
    let is_old = now == editions.old;
    let is_new = now == editions.new;
    assert!(
        is_old || is_new,
        "after {when}: the output is neither the old site nor the new one ({} files)",
        now.len()
    );
    is_new
}

#[test]
fn builds_killed_at_random_moments_leave_the_old_or_the_new_site() {
    let editions = editions();
    let root = editions.site.path();
    let mut moments = Moments(0x5eed);
    // An in-place update renames every file after rendering, so it can take
    // longer than the fresh build `full` measured: kill across twice that.
    let span = 2 * editions.full.as_millis() as u64 + 50;
    let mut kills = 0;
    for round in 0..12 {
        // Each round is a real update from the old site to the new one: a
        // round whose build finished (or left a journal) is set back first,
        // or every later build would have nothing to do and end at once.
        if journal_left(root) || hashes(&root.join("public")) != editions.old {
            write_seeds(root, 600, "first");
            assert!(wait(build(root, &[])).success());
            assert_eq!(hashes(&root.join("public")), editions.old);
            write_seeds(root, 600, "second");
        }
        let mut child = build(root, &[]);
        let delay = moments.next(span);
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        wait(child);
        if !journal_left(root) {
            assert_old_or_new(
                &editions,
                &format!("a kill after {delay} ms (round {round})"),
            );
        }
    }
    assert!(kills > 0, "no build was killed while running");
    // The next build finishes the job and cleans up what the killed ones left.
    assert!(wait(build(root, &[])).success());
    assert!(assert_old_or_new(&editions, "a full build"));
    let leftovers = leftovers(root, &["newsgen-staging", "newsgen-old"]);
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn ctrl_c_stops_the_build_and_keeps_the_old_site() {
    let editions = editions();
    let root = editions.site.path();
    // A build that finishes before the signal arrives proves nothing: put
    // the old site back and try again, sooner.
    let mut delay = editions.full / 3;
    for _ in 0..6 {
        let child = build(root, &[]);
        std::thread::sleep(delay);
        let interrupted = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(interrupted.success());
        if !wait(child).success() {
            assert!(
                !assert_old_or_new(&editions, "Ctrl-C"),
                "an interrupted build replaced the site"
            );
            return;
        }
        assert!(assert_old_or_new(
            &editions,
            "a build that finished before Ctrl-C"
        ));
        write_seeds(root, 600, "first");
        assert!(wait(build(root, &[])).success());
        assert!(!assert_old_or_new(&editions, "the old edition rebuilt"));
        write_seeds(root, 600, "second");
        delay /= 2;
    }
    panic!("no build was still running when Ctrl-C was sent");
}

#[test]
fn a_build_killed_mid_update_is_completed_by_the_next_one() {
    let editions = editions();
    let root = editions.site.path();
    // Killed after 25 files were moved into place: the output is a mix,
    // and the journal says how to finish.
    let status = newsgen(&["build", "--quiet", "--now", NOW], root)
        .env("NEWSGEN_FAULT_AFTER_MOVES", "25")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    assert!(journal_left(root), "the journal of the unfinished update");
    let mixed = hashes(&root.join("public"));
    assert!(mixed != editions.old && mixed != editions.new);

    // The next build, even one that then fails (a template that cannot
    // render), first completes the update from the journal.
    write(
        &root.join("templates/404.html"),
        "{{ no_such_thing.field }}",
    );
    let failed = newsgen(&["build", "--quiet", "--now", NOW], root)
        .output()
        .unwrap();
    assert!(!failed.status.success());
    assert!(!journal_left(root));
    assert!(assert_old_or_new(&editions, "the journal was replayed"));

    // And the output it completed is what a build records: nothing to do.
    fs::remove_file(root.join("templates/404.html")).unwrap();
    let rebuilt = newsgen(&["build", "--now", NOW], root).output().unwrap();
    assert!(rebuilt.status.success());
    let summary = String::from_utf8_lossy(&rebuilt.stdout);
    // Every file but the folder's marker is in the summary.
    let files = editions.new.len() - 1;
    assert!(
        summary.contains(&format!("{files} files ({files} unchanged")),
        "{summary}"
    );
    let leftovers = leftovers(root, &["newsgen-staging"]);
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
