//! A benchmark corpus: N realistic, deterministic articles for newsgen.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- 100000 /tmp/bench
//! target/release/newsgen build -s /tmp/bench --now 2026-07-01T00:00:00Z
//! ```
//!
//! Writes `DIR/site.toml` and `DIR/seeds/YYYY/MM/DD/*.{txt,md}` (month-only
//! wire stories under `YYYY/MM/`), so no folder holds more than a few dozen
//! files. About half the articles are wire text (datelines, hashtags, credit
//! lines, subheadings, month-only dates), half Markdown with TOML front matter
//! (date or RFC 3339 date-time, tags, authors, `##` sections, some images;
//! two in five name one of the 8 sections of its site.toml, whose tag rules
//! and default file the rest). A third of wire stories carry a byline ("By
//! …") from 300 desk staff; `DIR/authors/` holds 200 profiles, so about 380
//! authors have pages, most with a profile. With PICTURES, that many
//! Markdown stories, spread over the corpus, get a lead picture beside them
//! (a generated 2000×1300 JPEG, different for each).
//! Names of people, places and organisations come from fixed pools with a
//! long-tailed frequency, so they recur across articles the way a newsroom's
//! do; Markdown tags follow a Zipf-like curve over a few thousand names, so a
//! few tags hold thousands of articles. Dates run from 2019-01-01 to
//! 2026-06-30, denser in recent years.
//!
//! The same N always gives byte-identical files: every article draws from its
//! own SplitMix64 generator seeded by its number, so article `i` is the same
//! whatever N is, and the threads that write them cannot change the result.
//! `DIR/seeds/` is replaced on each run if this program wrote it (it leaves a
//! `.gen_corpus` marker there); any other existing `seeds/` is refused.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::thread;
use std::time::Instant;

use words::*;

const USAGE: &str = "usage: cargo run --release --example gen_corpus -- N DIR [PICTURES]";
/// The size of each generated picture, as a newsroom's photos come.
const PICTURE_SIZE: (u32, u32) = (2000, 1300);
const MARKER: &str = ".gen_corpus";
const POOL_SEED: u64 = 0x6e65_7773_6765_6e31; // "newsgen1"
const ARTICLE_SEED: u64 = 0x636f_7270_7573_2121; // "corpus!!"
const FIRST_DAY: (i64, u32, u32) = (2019, 1, 1);
const LAST_DAY: (i64, u32, u32) = (2026, 6, 30);
const TAG_NAMES: usize = 3_000;
const SENTENCE_KINDS: usize = 18;

const SITE_TOML: &str = r#"# A generated benchmark site: see examples/gen_corpus.rs.
title = "The Bench Daily"
description = "Generated news for benchmarking newsgen"
base_url = "https://bench.example.org/"
language = "en"
timezone = "UTC"
paginate_by = 20
default_section = "World"

[[sections]]
name = "World"
description = "News from abroad"

[[sections]]
name = "Politics"
tags = ["Politics", "Elections", "Courts", "Defence", "Immigration"]

[[sections]]
name = "Business"
tags = ["Business", "Economy", "Markets", "Energy", "Labour"]

[[sections]]
name = "Sport"
tags = ["Sport", "Football"]

[[sections]]
name = "Culture"
tags = ["Culture", "Media", "Food", "Travel", "Tourism"]

[[sections]]
name = "Science"
tags = ["Science", "Technology", "Health", "Space"]

[[sections]]
name = "Climate"
tags = ["Climate", "Weather", "Agriculture"]

[[sections]]
name = "Opinion"
slug = "opinion"
description = "Columns and analysis"
"#;

/// The sections of `SITE_TOML`: a share of Markdown stories name theirs.
const SECTION_NAMES: &[&str] = &[
    "World", "Politics", "Business", "Sport", "Culture", "Science", "Climate", "Opinion",
];
/// Desk staff who sign wire copy ("By …"), besides the reporters who sign
/// Markdown; drawn from their own generator so the rest of the corpus stays
/// as it was.
const STAFF: usize = 300;
/// Authors with a profile in `authors/`: the reporters, then the first
/// staff up to this many.
const PROFILES: usize = 200;
const STAFF_SEED: u64 = 0x7374_6166_6621_2121; // "staff!!!"
/// Choices made apart from each article's generator (its section, its
/// byline), so adding them left every story's text as it was.
const ASIDE_SEED: u64 = 0x6173_6964_6521_2121; // "aside!!!"

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |text: &String| text.replace('_', "").parse::<usize>().ok();
    let (count, dir, pictures) = match args.as_slice() {
        [n, dir] | [n, dir, _] => match (number(n), args.get(2).map(number)) {
            (Some(count), None) => (count, PathBuf::from(dir), 0),
            (Some(count), Some(Some(pictures))) => (count, PathBuf::from(dir), pictures),
            _ => {
                eprintln!("gen_corpus: `{}` is not a number\n{USAGE}", args.join(" "));
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match generate(count, &dir, pictures) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

fn generate(count: usize, dir: &Path, pictures: usize) -> Result<(), String> {
    let started = Instant::now();
    let seeds = dir.join("seeds");
    prepare_seeds(&seeds)?;
    fs::write(dir.join("site.toml"), SITE_TOML)
        .map_err(|e| format!("{}: {e}", dir.join("site.toml").display()))?;

    let pools = Pools::new();
    write_profiles(dir, &pools)?;
    let mut plans: Vec<Plan> = (0..count).map(Plan::new).collect();
    // Pictures go to Markdown stories spread evenly over the corpus.
    let markdown: Vec<usize> = (0..count)
        .filter(|&i| plans[i].format == Format::Markdown)
        .collect();
    let wanted = pictures.min(markdown.len());
    for k in 0..wanted {
        let i = markdown[k * markdown.len() / wanted.max(1)];
        plans[i].picture = true;
    }
    let mut folders: Vec<PathBuf> = plans.iter().map(|plan| seeds.join(plan.folder())).collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    }

    let workers = thread::available_parallelism()
        .map_or(4, |n| n.get())
        .min(16);
    let chunk = count.div_ceil(workers).max(1);
    let results: Vec<Result<(u64, usize), String>> = thread::scope(|scope| {
        let handles: Vec<_> = plans
            .chunks(chunk)
            .map(|part| {
                let (pools, seeds) = (&pools, &seeds);
                scope.spawn(move || write_articles(part, pools, seeds))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a writer thread panicked".into()))
            })
            .collect()
    });
    let (mut bytes, mut wire) = (0u64, 0usize);
    for result in results {
        let (b, w) = result?;
        bytes += b;
        wire += w;
    }

    let newest = plans.iter().map(|p| p.day).max();
    let oldest = plans.iter().map(|p| p.day).min();
    let span = match (oldest, newest) {
        (Some(first), Some(last)) => {
            let (y, m, d) = civil_from_days(last + 1);
            format!(
                "; dates {} to {} (build with --now {y:04}-{m:02}-{d:02}T00:00:00Z)",
                iso_day(first),
                iso_day(last)
            )
        }
        _ => String::new(),
    };
    println!(
        "gen_corpus: {count} articles ({wire} wire, {} Markdown, {:.1} MB) in {} folders under {} in {:.2}s{span}",
        count - wire,
        bytes as f64 / 1e6,
        folders.len(),
        seeds.display(),
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}

/// `authors/`: a profile for each reporter and the first staff, replaced on
/// every run (it is only ever written with the generated `seeds/`).
fn write_profiles(dir: &Path, pools: &Pools) -> Result<(), String> {
    let authors = dir.join("authors");
    if authors.exists() {
        fs::remove_dir_all(&authors).map_err(|e| format!("{}: {e}", authors.display()))?;
    }
    fs::create_dir_all(&authors).map_err(|e| format!("{}: {e}", authors.display()))?;
    let mut names: Vec<&String> = pools.reporters.iter().chain(&pools.staff).collect();
    names.sort();
    names.dedup();
    let roles = [
        "Reporter",
        "Correspondent",
        "Editor",
        "Columnist",
        "Data reporter",
    ];
    for (i, name) in names.iter().take(PROFILES).enumerate() {
        let slug: String = name
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let text = format!(
            "+++\nname = \"{name}\"\nrole = \"{}\"\nlinks = [\"https://social.bench.example.org/@{slug}\"]\n+++\n{name} has written for The Bench Daily since {}. They cover the {} desk.\n",
            roles[i % roles.len()],
            2010 + i % 15,
            SECTION_NAMES[i % SECTION_NAMES.len()],
        );
        let path = authors.join(format!("{slug}.md"));
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A choice for article `number` apart from its own generator: uniform in
/// `0..n`, different for each `salt`.
fn aside(number: usize, salt: u64, n: usize) -> usize {
    let mut rng = Rng::new(ASIDE_SEED ^ salt ^ splitmix(number as u64));
    rng.below(n)
}

/// Empties `seeds/` if this program made it; refuses anyone else's.
fn prepare_seeds(seeds: &Path) -> Result<(), String> {
    if seeds.exists() {
        if !seeds.join(MARKER).exists() {
            return Err(format!(
                "{} exists and was not written by gen_corpus; choose a new folder",
                seeds.display()
            ));
        }
        fs::remove_dir_all(seeds).map_err(|e| format!("{}: {e}", seeds.display()))?;
    }
    fs::create_dir_all(seeds).map_err(|e| format!("{}: {e}", seeds.display()))?;
    fs::write(seeds.join(MARKER), "written by examples/gen_corpus.rs\n")
        .map_err(|e| format!("{}: {e}", seeds.display()))
}

fn write_articles(plans: &[Plan], pools: &Pools, seeds: &Path) -> Result<(u64, usize), String> {
    let (mut bytes, mut wire) = (0u64, 0usize);
    let mut text = String::with_capacity(8 * 1024);
    for plan in plans {
        text.clear();
        let mut rng = plan.rng.clone();
        match plan.format {
            Format::Wire => {
                write_wire(&mut text, plan, pools, &mut rng);
                wire += 1;
            }
            Format::Markdown => write_markdown(&mut text, plan, pools, &mut rng),
        }
        let path = seeds.join(plan.folder()).join(plan.file_name());
        fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        if plan.picture {
            let (width, height) = PICTURE_SIZE;
            let jpeg =
                newsgen::image_fixtures::photo_jpeg_seeded(width, height, plan.number as u64);
            let path = path.with_extension("jpg");
            fs::write(&path, &jpeg).map_err(|e| format!("{}: {e}", path.display()))?;
            bytes += jpeg.len() as u64;
        }
        bytes += text.len() as u64;
    }
    Ok((bytes, wire))
}

// ---------------------------------------------------------------------------
// What each article is: number, format, date. Drawn first from its generator.

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Wire,
    Markdown,
}

struct Plan {
    number: usize,
    format: Format,
    /// Days since 1970-01-01.
    day: i64,
    month_only: bool,
    /// It has a lead picture, `story-N.jpg` beside it.
    picture: bool,
    /// The article's own generator, past the draws that chose the above.
    rng: Rng,
}

impl Plan {
    fn new(number: usize) -> Plan {
        let mut rng = Rng::new(ARTICLE_SEED ^ splitmix(number as u64));
        let format = if rng.chance(0.5) {
            Format::Wire
        } else {
            Format::Markdown
        };
        let first = days_from_civil(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
        let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
        // u^0.75 leans towards recent days: newsrooms publish more each year.
        let position = rng.unit().powf(0.75);
        let day = first + ((last - first + 1) as f64 * position) as i64;
        let month_only = format == Format::Wire && rng.chance(0.03);
        Plan {
            number,
            format,
            day: day.min(last),
            month_only,
            picture: false,
            rng,
        }
    }

    fn folder(&self) -> PathBuf {
        let (y, m, d) = civil_from_days(self.day);
        if self.month_only {
            PathBuf::from(format!("{y:04}/{m:02}"))
        } else {
            PathBuf::from(format!("{y:04}/{m:02}/{d:02}"))
        }
    }

    fn file_name(&self) -> String {
        match self.format {
            Format::Wire => format!("wire-{:06}.txt", self.number),
            Format::Markdown => format!("story-{:06}.md", self.number),
        }
    }
}

// ---------------------------------------------------------------------------
// Wire text.

fn write_wire(out: &mut String, plan: &Plan, pools: &Pools, rng: &mut Rng) {
    let (y, m, d) = civil_from_days(plan.day);
    if plan.month_only {
        let _ = write!(out, " date {y:04}-{m:02} ");
    } else {
        let _ = write!(out, " date {y:04}-{m:02}-{d:02} ");
    }
    // A third of wire copy is signed by desk staff.
    if aside(plan.number, 1, 3) == 0 {
        let _ = write!(
            out,
            "\nBy {}\n\n",
            pools.staff[aside(plan.number, 2, STAFF)]
        );
    }
    let mut cast = Cast::new(pools, rng, plan.day);
    if rng.chance(0.6) {
        write_dateline(out, &cast, plan, rng);
    }
    cast.lead(out, rng);
    let paragraphs = rng.range(4, 9);
    let subheading_at = if rng.chance(0.35) {
        rng.range(2, paragraphs - 1)
    } else {
        0
    };
    let hashtag_at = if rng.chance(0.4) {
        rng.range(1, paragraphs - 1)
    } else {
        0
    };
    for index in 1..paragraphs {
        out.push_str("\n\n");
        if index == subheading_at {
            cast.subheading(out, rng);
            out.push_str("\n\n");
        }
        cast.paragraph(out, rng, index == hashtag_at);
    }
    match rng.below(10) {
        0..=2 => out.push_str("\n\n(With inputs from agencies)"),
        3..=4 => {
            let _ = write!(
                out,
                "\n\n(Reporting by {}; Editing by {})",
                rng.pick(&pools.reporters),
                rng.pick(&pools.reporters)
            );
        }
        _ => {}
    }
    out.push('\n');
}

fn write_dateline(out: &mut String, cast: &Cast, plan: &Plan, rng: &mut Rng) {
    let place = cast.place;
    let (_, m, d) = civil_from_days(plan.day);
    let upper = place.city.to_uppercase();
    match rng.below(5) {
        0 | 1 => {
            let _ = write!(out, "{upper} ({}) - ", rng.word(AGENCIES));
        }
        2 if !plan.month_only => {
            let _ = write!(
                out,
                "{upper}, {}, {} {d} ({}) - ",
                place.country,
                MONTH_ABBREVIATIONS[m as usize - 1],
                rng.word(AGENCIES)
            );
        }
        3 if !plan.month_only => {
            let _ = write!(out, "{upper}, {} {d}. /TASS/. ", MONTHS[m as usize - 1]);
        }
        _ => {
            let _ = write!(out, "{upper} \u{2014} ");
        }
    }
}

// ---------------------------------------------------------------------------
// Markdown.

fn write_markdown(out: &mut String, plan: &Plan, pools: &Pools, rng: &mut Rng) {
    let mut cast = Cast::new(pools, rng, plan.day);
    let (y, m, d) = civil_from_days(plan.day);
    out.push_str("+++\ntitle = \"");
    cast.title(out, rng);
    out.push_str("\"\n");
    let (hour, minute) = (rng.range(5, 22), rng.below(60));
    match rng.below(10) {
        0..=5 => {
            let _ = writeln!(out, "date = {y:04}-{m:02}-{d:02}");
        }
        6..=8 => {
            let _ = writeln!(out, "date = {y:04}-{m:02}-{d:02}T{hour:02}:{minute:02}:00Z");
        }
        _ => {
            // Offsets east of UTC, so the UTC date stays this day's.
            let offset = rng.range(1, 3);
            let local = (hour + offset).min(23);
            let _ = writeln!(
                out,
                "date = {y:04}-{m:02}-{d:02}T{local:02}:{minute:02}:00+{offset:02}:00"
            );
        }
    }
    // Corrections come one to three days later, never after the newest day.
    let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    if plan.day + 3 <= last && rng.chance(0.15) {
        let (uy, um, ud) = civil_from_days(plan.day + rng.range(1, 3) as i64);
        let _ = writeln!(
            out,
            "updated = {uy:04}-{um:02}-{ud:02}T{:02}:{:02}:00Z",
            rng.range(0, 23),
            rng.below(60)
        );
    }
    out.push_str("tags = [");
    let wanted = rng.range(1, 5);
    let mut tags: Vec<usize> = Vec::with_capacity(wanted);
    for _ in 0..wanted * 3 {
        let tag = pools.tag_frequency.sample(rng);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
        if tags.len() == wanted {
            break;
        }
    }
    for (i, tag) in tags.iter().enumerate() {
        let _ = write!(
            out,
            "{}\"{}\"",
            if i == 0 { "" } else { ", " },
            pools.tags[*tag]
        );
    }
    out.push_str("]\n");
    // Two in five stories name their section; the site's rules file the rest.
    if aside(plan.number, 3, 5) < 2 {
        let section = SECTION_NAMES[aside(plan.number, 4, SECTION_NAMES.len())];
        let _ = writeln!(out, "section = \"{section}\"");
    }
    let first = rng.pick(&pools.reporters);
    if rng.chance(0.3) {
        let _ = writeln!(
            out,
            "authors = [\"{first}\", \"{}\"]",
            rng.pick(&pools.reporters)
        );
    } else {
        let _ = writeln!(out, "authors = [\"{first}\"]");
    }
    if rng.chance(0.2) && !plan.picture {
        let _ = writeln!(
            out,
            "image = \"https://images.bench.example.org/{y:04}/{m:02}/{d:02}/photo-{}.jpg\"",
            plan.number
        );
    }
    if plan.picture {
        let _ = writeln!(
            out,
            "image = \"story-{:06}.jpg\"\nimage_alt = \"A generated photograph\"\nimage_credit = \"The Bench Daily\"",
            plan.number
        );
    }
    out.push_str("+++\n\n");

    cast.lead(out, rng);
    out.push_str("\n\n");
    cast.paragraph(out, rng, false);
    for _ in 0..rng.range(2, 4) {
        out.push_str("\n\n## ");
        cast.subheading(out, rng);
        out.push_str("\n\n");
        for p in 0..rng.range(1, 3) {
            if p > 0 {
                out.push_str("\n\n");
            }
            match rng.below(12) {
                0 => cast.list(out, rng),
                1 => {
                    out.push_str("> ");
                    cast.quote(out, rng);
                }
                _ => cast.paragraph(out, rng, false),
            }
        }
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------
// The people, places and organisations one story is about, and its sentences.

/// Shuffled kinds of sentence (or subheading), dealt without repeats until
/// all have been used, so a story does not say the same thing twice in a row.
struct Deck {
    size: usize,
    cards: Vec<usize>,
}

impl Deck {
    fn new(size: usize) -> Deck {
        Deck {
            size,
            cards: Vec::with_capacity(size),
        }
    }

    fn deal(&mut self, rng: &mut Rng) -> usize {
        if self.cards.is_empty() {
            self.cards.extend(0..self.size);
            rng.shuffle(&mut self.cards);
        }
        self.cards.pop().unwrap_or(0)
    }
}

struct Cast<'a> {
    topic: &'a Topic,
    people: [&'a Person; 3],
    place: &'a Place,
    other_place: &'a Place,
    organisation: &'a str,
    year: i64,
    weekday: &'static str,
    sentences: Deck,
    subheadings: Deck,
}

impl<'a> Cast<'a> {
    fn new(pools: &'a Pools, rng: &mut Rng, day: i64) -> Cast<'a> {
        let mut person = || &pools.people[pools.people_frequency.sample(rng)];
        let people = [person(), person(), person()];
        let place = &PLACES[pools.place_frequency.sample(rng)];
        let other_place = &PLACES[pools.place_frequency.sample(rng)];
        let organisation = &pools.organisations[pools.organisation_frequency.sample(rng)];
        Cast {
            topic: rng.pick(TOPICS),
            people,
            place,
            other_place,
            organisation,
            year: civil_from_days(day).0,
            weekday: WEEKDAYS[(day + 4).rem_euclid(7) as usize],
            sentences: Deck::new(SENTENCE_KINDS),
            subheadings: Deck::new(4),
        }
    }

    /// A headline-shaped title (no quotes, so it sits in TOML as is).
    fn title(&self, out: &mut String, rng: &mut Rng) {
        let topic = self.topic;
        let _ = match rng.below(4) {
            0 => write!(
                out,
                "{} {} {}",
                self.place.city,
                rng.word(topic.institutions),
                rng.word(topic.headline_actions)
            ),
            1 => write!(
                out,
                "{} {} as {} {}",
                self.organisation,
                rng.word(topic.headline_actions),
                rng.word(topic.things),
                rng.word(TRENDS)
            ),
            2 => write!(
                out,
                "{} says {} will {} by {}",
                self.people[0].surname,
                rng.word(topic.institutions),
                rng.word(PROMISES),
                self.year + 1
            ),
            _ => write!(
                out,
                "{} {}: what it means for {}",
                capitalise(rng.word(topic.things)),
                rng.word(TRENDS),
                self.place.city
            ),
        };
    }

    fn lead(&mut self, out: &mut String, rng: &mut Rng) {
        let person = self.people[0];
        let topic = self.topic;
        let _ = match rng.below(3) {
            0 => write!(
                out,
                "{} {} {} on {}, {}.",
                person.title,
                person.full,
                rng.word(topic.actions),
                self.weekday,
                rng.word(CONTEXTS)
            ),
            1 => write!(
                out,
                "The {} in {} {} on {} after {} {} for a {} month.",
                rng.word(topic.institutions),
                self.place.city,
                rng.word(topic.actions),
                self.weekday,
                rng.word(topic.things),
                rng.word(TRENDS),
                rng.word(ORDINALS)
            ),
            _ => write!(
                out,
                "More than {} {} {} in {} on {} as {} {}.",
                thousands(rng.range(2, 90) * 100),
                rng.word(topic.crowds),
                rng.word(topic.events),
                self.place.city,
                self.weekday,
                rng.word(topic.things),
                rng.word(TRENDS)
            ),
        };
        out.push(' ');
        self.sentence(out, rng);
        out.push(' ');
        self.sentence(out, rng);
    }

    fn paragraph(&mut self, out: &mut String, rng: &mut Rng, hashtag: bool) {
        let sentences = rng.range(4, 7);
        for i in 0..sentences {
            if i > 0 {
                out.push(' ');
            }
            if i == 0 && rng.chance(0.3) {
                self.quote(out, rng);
            } else {
                self.sentence(out, rng);
            }
        }
        if hashtag {
            let tag = rng.word(self.topic.hashtags);
            let _ = match rng.below(3) {
                0 => write!(out, " Supporters rallied online under #{tag}."),
                1 => write!(
                    out,
                    " The debate trended under #{tag} and #{}{}.",
                    self.place.city.replace([' ', '-', '.'], ""),
                    self.year
                ),
                _ => write!(out, " Follow live updates with #{tag}."),
            };
        }
    }

    fn quote(&self, out: &mut String, rng: &mut Rng) {
        let speaker = rng.pick(&self.people);
        let _ = write!(
            out,
            "\"{} is {}, and we will {},\" {} {}.",
            capitalise(rng.word(self.topic.things)),
            rng.word(ASSESSMENTS),
            rng.word(PROMISES),
            speaker.surname,
            rng.word(SAID)
        );
    }

    fn sentence(&mut self, out: &mut String, rng: &mut Rng) {
        let topic = self.topic;
        let person = *rng.pick(&self.people);
        let _ = match self.sentences.deal(rng) {
            0 => write!(
                out,
                "{} {} by {}.{} percent since {}, the {} said.",
                capitalise(rng.word(topic.things)),
                rng.word(TRENDS),
                rng.range(1, 19),
                rng.below(10),
                rng.word(MONTHS),
                self.organisation
            ),
            1 => write!(
                out,
                "{} is expected to {} before the end of the {}.",
                person.surname,
                rng.word(FUTURE_ACTIONS),
                rng.word(PERIODS)
            ),
            2 => write!(
                out,
                "Analysts at the {} said {} could {} further if {}.",
                self.organisation,
                rng.word(topic.things),
                rng.word(TREND_VERBS),
                rng.word(CONDITIONS)
            ),
            3 => write!(
                out,
                "In {}, {} {}.",
                self.other_place.city,
                rng.word(topic.crowds),
                rng.word(REACTIONS)
            ),
            4 => write!(
                out,
                "The {} million {} plan, first proposed in {}, {}.",
                rng.range(12, 950),
                rng.word(CURRENCIES),
                self.year - rng.range(1, 9) as i64,
                rng.word(STATUSES)
            ),
            5 => write!(
                out,
                "Critics, including {} {}, argued that {} {}.",
                person.title,
                person.full,
                rng.word(topic.things),
                rng.word(CRITICISMS)
            ),
            6 => write!(
                out,
                "Officials in {} declined to comment on {}.",
                self.place.city,
                rng.word(topic.things)
            ),
            7 => write!(
                out,
                "The {} did not respond to a request for comment.",
                self.organisation
            ),
            8 => write!(
                out,
                "Figures published on {} showed {} {} for a {} consecutive quarter.",
                self.weekday,
                rng.word(topic.things),
                rng.word(TRENDS),
                rng.word(ORDINALS)
            ),
            9 => write!(
                out,
                "{} met representatives of the {} in {} to discuss {}.",
                person.surname,
                self.organisation,
                self.other_place.city,
                rng.word(topic.things)
            ),
            10 => write!(
                out,
                "About {} {} {} across {}, according to local media.",
                thousands(rng.range(3, 400) * 10),
                rng.word(topic.crowds),
                rng.word(topic.events),
                self.place.country
            ),
            11 => write!(
                out,
                "Both {} and {} have said that {} remains {}.",
                self.people[0].surname,
                self.people[1].surname,
                rng.word(topic.things),
                rng.word(ASSESSMENTS)
            ),
            12 => write!(
                out,
                "{} {} said on {} that {} was {}.",
                person.title,
                person.full,
                self.weekday,
                rng.word(topic.things),
                rng.word(ASSESSMENTS)
            ),
            13 => write!(
                out,
                "The announcement follows months of negotiations between the {} and {} in {}.",
                self.organisation,
                rng.word(topic.crowds),
                self.place.city
            ),
            14 => write!(
                out,
                "Last {}, {} {} after {}.",
                rng.word(PERIODS),
                rng.word(topic.things),
                rng.word(TRENDS),
                rng.word(CONDITIONS_PAST)
            ),
            15 => write!(
                out,
                "Opposition leaders in {} called the move {}.",
                self.place.country,
                rng.word(VERDICTS)
            ),
            16 => write!(
                out,
                "Some {} {} could be affected, according to estimates by the {}.",
                thousands(rng.range(5, 900) * 100),
                rng.word(topic.crowds),
                self.organisation
            ),
            _ => write!(
                out,
                "A spokesperson for {} said the {} would {} by {}.",
                person.full,
                rng.word(topic.institutions),
                rng.word(PROMISES),
                rng.word(MONTHS)
            ),
        };
    }

    /// A short line without closing punctuation: newsgen's copydesk reads it as
    /// a subheading in wire text; Markdown puts `## ` before it.
    fn subheading(&mut self, out: &mut String, rng: &mut Rng) {
        let _ = match self.subheadings.deal(rng) {
            0 => write!(
                out,
                "{} {}",
                rng.word(SUBHEADING_OPENERS),
                rng.word(self.topic.things)
            ),
            1 => write!(out, "Reaction in {}", self.other_place.city),
            2 => write!(out, "What {} wants", self.people[0].surname),
            _ => write!(out, "The view from {}", self.place.city),
        };
    }

    fn list(&self, out: &mut String, rng: &mut Rng) {
        out.push_str("The plan includes:\n");
        for _ in 0..rng.range(3, 5) {
            let _ = writeln!(
                out,
                "- {} for {}",
                capitalise(rng.word(PROMISES)),
                rng.word(self.topic.things)
            );
        }
        out.pop();
    }
}

// ---------------------------------------------------------------------------
// Pools shared by all articles, built once from a fixed seed.

struct Person {
    title: &'static str,
    full: String,
    surname: &'static str,
}

struct Place {
    city: &'static str,
    country: &'static str,
}

/// The vocabulary of one news beat.
struct Topic {
    institutions: &'static [&'static str],
    actions: &'static [&'static str],
    headline_actions: &'static [&'static str],
    things: &'static [&'static str],
    crowds: &'static [&'static str],
    events: &'static [&'static str],
    hashtags: &'static [&'static str],
}

struct Pools {
    people: Vec<Person>,
    people_frequency: Zipf,
    place_frequency: Zipf,
    organisations: Vec<String>,
    organisation_frequency: Zipf,
    reporters: Vec<String>,
    /// Who signs wire copy.
    staff: Vec<String>,
    tags: Vec<String>,
    tag_frequency: Zipf,
}

impl Pools {
    fn new() -> Pools {
        let mut rng = Rng::new(POOL_SEED);
        let mut people = Vec::new();
        let mut seen = BTreeSet::new();
        while people.len() < 600 {
            let (first, surname) = (rng.below(FIRST_NAMES.len()), rng.below(SURNAMES.len()));
            if !seen.insert((first, surname)) {
                continue;
            }
            people.push(Person {
                title: rng.word(PERSON_TITLES),
                full: format!("{} {}", FIRST_NAMES[first], SURNAMES[surname]),
                surname: SURNAMES[surname],
            });
        }
        let mut organisations: Vec<String> = ORGANISATIONS.iter().map(|s| s.to_string()).collect();
        for place in PLACES.iter().take(40) {
            for kind in ["City Council", "Chamber of Commerce", "Port Authority"] {
                organisations.push(format!("{} {kind}", place.city));
            }
        }
        rng.shuffle(&mut organisations);
        let reporters = (0..80)
            .map(|_| format!("{} {}", rng.word(FIRST_NAMES), rng.word(SURNAMES)))
            .collect();

        // Tags: sections first (the head of the curve), then a long tail of
        // place and person topics in a fixed, shuffled order.
        let mut tags: Vec<String> = SECTIONS.iter().map(|s| s.to_string()).collect();
        let mut tail = Vec::new();
        for place in PLACES {
            for subject in TAG_SUBJECTS {
                tail.push(format!("{} {subject}", place.city));
            }
        }
        for person in people.iter().take(400) {
            tail.push(person.full.clone());
        }
        rng.shuffle(&mut tail);
        let mut lowercase: BTreeSet<String> = tags.iter().map(|t| t.to_lowercase()).collect();
        for tag in tail {
            if tags.len() == TAG_NAMES {
                break;
            }
            if lowercase.insert(tag.to_lowercase()) {
                tags.push(tag);
            }
        }

        Pools {
            people_frequency: Zipf::new(people.len(), 0.9),
            people,
            place_frequency: Zipf::new(PLACES.len(), 0.8),
            organisation_frequency: Zipf::new(organisations.len(), 0.9),
            organisations,
            reporters,
            staff: {
                let mut rng = Rng::new(STAFF_SEED);
                let mut staff = Vec::with_capacity(STAFF);
                let mut seen = BTreeSet::new();
                while staff.len() < STAFF {
                    let name = format!("{} {}", rng.word(FIRST_NAMES), rng.word(SURNAMES));
                    if seen.insert(name.clone()) {
                        staff.push(name);
                    }
                }
                staff
            },
            tag_frequency: Zipf::new(tags.len(), 1.05),
            tags,
        }
    }
}

/// Ranks `0..n` drawn with probability proportional to 1 / (rank + 1)^s.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= target)
            .min(self.cumulative.len() - 1)
    }
}

/// SplitMix64: small, fast and the same on every platform.
#[derive(Clone)]
struct Rng(u64);

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        splitmix(self.0)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, days since 1970-01-01).

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn iso_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// 12500 → "12,500".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------
// Word lists, kept compact: one beat or list per paragraph.

#[rustfmt::skip]
mod words {
use super::{Place, Topic};

pub(crate) const TOPICS: &[Topic] = &[
    Topic {
        institutions: &["central bank", "finance ministry", "stock exchange", "treasury", "statistics office"],
        actions: &[
            "raised interest rates by a quarter of a percentage point",
            "unveiled a budget that trims spending on defence and roads",
            "warned that the recovery was losing momentum",
            "announced a review of the pension system",
            "cut its growth forecast for the coming year",
        ],
        headline_actions: &["raises rates", "cuts growth forecast", "unveils austerity budget", "warns of slowdown", "backs tax reform"],
        things: &["inflation", "the budget deficit", "household borrowing", "the currency", "consumer spending", "business investment", "public debt", "the jobless rate"],
        crowds: &["shoppers", "investors", "small business owners", "pensioners", "commuters"],
        events: &["queued outside banks", "protested against price rises", "signed a petition on energy bills", "lined up for job fairs"],
        hashtags: &["Budget", "CostOfLiving", "Inflation", "RateHike", "Markets"],
    },
    Topic {
        institutions: &["parliament", "city council", "electoral commission", "coalition government", "supreme court"],
        actions: &[
            "called a snap election",
            "survived a vote of no confidence",
            "signed a cooperation agreement with neighbouring states",
            "promised to reform the civil service",
            "rejected calls to resign over the affair",
        ],
        headline_actions: &["calls snap election", "survives confidence vote", "approves constitutional change", "faces rebellion", "signs border deal"],
        things: &["the coalition", "the reform bill", "voter turnout", "the opposition", "the peace talks", "the new constitution", "the border agreement"],
        crowds: &["voters", "demonstrators", "party members", "students", "farmers"],
        events: &["marched through the capital", "gathered outside parliament", "cast early ballots", "held a candlelit vigil"],
        hashtags: &["Election", "Democracy", "Parliament", "Vote", "Protest"],
    },
    Topic {
        institutions: &["transport authority", "port authority", "rail operator", "airport", "ferry company"],
        actions: &[
            "opened a new tram line to the eastern suburbs",
            "suspended services because of a strike",
            "approved a bridge across the harbour",
            "cancelled hundreds of flights",
            "ordered an inquiry into the derailment",
        ],
        headline_actions: &["approves harbour bridge", "suspends rail services", "opens tram line", "cancels flights", "orders safety review"],
        things: &["ticket prices", "the rail timetable", "passenger numbers", "the new bridge", "road congestion", "the airport expansion"],
        crowds: &["commuters", "passengers", "travellers", "rail workers", "cyclists"],
        events: &["were stranded at stations", "joined the strike", "queued for replacement buses", "rode the first trams"],
        hashtags: &["Strike", "Commute", "RailChaos", "Transport", "Travel"],
    },
    Topic {
        institutions: &["health ministry", "hospital trust", "medical council", "vaccination agency", "university hospital"],
        actions: &[
            "launched a vaccination campaign for children",
            "warned of a shortage of nurses",
            "opened a new cancer centre",
            "reported a rise in flu admissions",
            "approved a new treatment for heart disease",
        ],
        headline_actions: &["warns of nurse shortage", "opens cancer centre", "launches vaccine drive", "reports flu surge", "approves new drug"],
        things: &["waiting lists", "hospital admissions", "the vaccination rate", "the nursing shortage", "drug prices", "emergency response times"],
        crowds: &["patients", "nurses", "doctors", "parents", "care workers"],
        events: &["waited for appointments", "walked out over pay", "queued for vaccines", "signed an open letter"],
        hashtags: &["Health", "NHS", "Vaccines", "Nurses", "PublicHealth"],
    },
    Topic {
        institutions: &["weather service", "environment agency", "energy regulator", "coast guard", "climate council"],
        actions: &[
            "issued a red warning for heavy rain",
            "recorded the hottest night on record",
            "approved a large offshore wind farm",
            "ordered the evacuation of coastal villages",
            "set a target to close coal plants",
        ],
        headline_actions: &["issues storm warning", "approves wind farm", "records hottest night", "orders evacuations", "sets emissions target"],
        things: &["sea levels", "river levels", "carbon emissions", "the heatwave", "wind power output", "the drought", "air quality"],
        crowds: &["residents", "farmers", "volunteers", "fishermen", "climate activists"],
        events: &["were evacuated from their homes", "filled sandbags", "blocked a motorway", "cleared flood debris"],
        hashtags: &["Climate", "Heatwave", "Storm", "Floods", "NetZero"],
    },
    Topic {
        institutions: &["football club", "olympic committee", "athletics federation", "stadium trust", "sports ministry"],
        actions: &[
            "won the cup final after extra time",
            "appointed a new head coach",
            "postponed the match because of a waterlogged pitch",
            "unveiled plans for a new stadium",
            "broke the national record",
        ],
        headline_actions: &["wins cup final", "appoints new coach", "postpones derby", "unveils stadium plan", "breaks national record"],
        things: &["ticket sales", "the transfer budget", "the new stadium", "attendance", "the league title race", "the youth academy"],
        crowds: &["fans", "supporters", "season ticket holders", "athletes", "volunteers"],
        events: &["celebrated in the streets", "filled the stadium", "lined the marathon route", "protested against ticket prices"],
        hashtags: &["CupFinal", "Football", "Athletics", "Derby", "Olympics"],
    },
    Topic {
        institutions: &["technology company", "data protection authority", "telecoms regulator", "research institute", "space agency"],
        actions: &[
            "launched a weather satellite",
            "fined a social network for breaking privacy rules",
            "announced thousands of job cuts",
            "opened a chip factory",
            "tested delivery robots on city pavements",
        ],
        headline_actions: &["launches satellite", "fines social network", "cuts jobs", "opens chip plant", "tests delivery robots"],
        things: &["broadband coverage", "the chip shortage", "online privacy", "artificial intelligence", "mobile data prices", "cyber attacks"],
        crowds: &["engineers", "software developers", "students", "customers", "researchers"],
        events: &["lost access to the service", "attended the launch", "applied for the new courses", "reported outages"],
        hashtags: &["Tech", "AI", "Privacy", "Space", "Startups"],
    },
    Topic {
        institutions: &["museum", "arts council", "film festival", "national library", "opera house"],
        actions: &[
            "reopened after a five-year restoration",
            "announced the winners of its annual prize",
            "returned looted artefacts",
            "opened an exhibition on the industrial past",
            "cut its programme because of funding pressures",
        ],
        headline_actions: &["reopens after restoration", "names prize winners", "returns looted artefacts", "opens new exhibition", "cuts programme"],
        things: &["visitor numbers", "arts funding", "the restoration", "ticket prices", "the collection", "the festival programme"],
        crowds: &["visitors", "artists", "musicians", "schoolchildren", "tourists"],
        events: &["queued in the snow", "attended the opening night", "signed a petition to save the library", "filled the square"],
        hashtags: &["Culture", "Museums", "Film", "Books", "Music"],
    },
];

/// The head of the tag curve: newsroom sections.
pub(crate) const SECTIONS: &[&str] = &[
    "Politics", "Economy", "World", "Business", "Sport", "Health", "Climate", "Technology",
    "Culture", "Science", "Education", "Transport", "Housing", "Energy", "Europe", "Elections",
    "Markets", "Weather", "Crime", "Travel", "Football", "Food", "Media", "Courts", "Defence",
    "Agriculture", "Immigration", "Tourism", "Labour", "Space",
];

/// The long tail: "{city} {subject}".
pub(crate) const TAG_SUBJECTS: &[&str] = &[
    "Housing", "Transport", "Schools", "Elections", "Budget", "Flooding", "Tourism", "Football",
    "Hospitals", "Police", "Airport", "Harbour", "Museums", "Startups", "Strikes", "Weather",
    "Festival", "Council", "Markets", "Energy", "Trams", "Rents", "Universities", "Courts",
    "Protests", "Water", "Parks", "Libraries", "Nightlife", "Cycling", "Traffic", "Pollution",
    "Heritage", "Theatre", "Jobs", "Taxes", "Crime", "Fire Service", "Ports", "Refugees",
];

pub(crate) const PERSON_TITLES: &[&str] = &[
    "Prime Minister", "President", "Finance Minister", "Mayor", "Health Minister", "Chief Executive",
    "Dr.", "Professor", "Senator", "Governor", "Foreign Minister", "coach", "Judge", "Director",
];

pub(crate) const FIRST_NAMES: &[&str] = &[
    "Viktor", "Priya", "Tomasz", "Amara", "Idris", "Helga", "Mateo", "Sofia", "Kwame", "Ingrid",
    "Rashid", "Elena", "Jonas", "Aiko", "Lucas", "Fatima", "Oskar", "Chiara", "Dmitri", "Leila",
    "Hannah", "Samuel", "Yusuf", "Marta", "Pierre", "Agnieszka", "Nikolai", "Grace", "Emeka",
    "Carmen", "Henrik", "Zainab", "Lars", "Isabel", "Kenji", "Ruth", "Andrés", "Maja", "Omar",
    "Beatriz", "Stefan", "Nadia", "Felix", "Ana", "Tariq", "Eva", "Jakub", "Chloé", "Ravi",
    "Lena", "Marco", "Aisha", "Björn", "Camille", "Diego", "Freya", "Goran", "Hiroshi", "Irene",
    "Joaquín", "Katarzyna", "Luís", "Mónica", "Nils", "Olga", "Pablo", "Rania", "Sven", "Teresa",
];

pub(crate) const SURNAMES: &[&str] = &[
    "Orban", "Castellano", "Wiśniewski", "Okafor", "Kovačević", "Lindqvist", "Ferreira", "Moreau",
    "Mensah", "Halvorsen", "Haddad", "Petrova", "Becker", "Tanaka", "Oliveira", "Rahman",
    "Nowak", "Rossi", "Volkov", "Nasser", "Schneider", "Adeyemi", "Demir", "Silva", "Dubois",
    "Kowalczyk", "Ivanov", "Mwangi", "Herrera", "Johansson", "Bianchi", "Yilmaz", "Andersen",
    "Müller", "Fischer", "Novak", "Horvat", "Costa", "Santos", "Kruger", "Osei", "Laurent",
    "Bergström", "Popescu", "Papadopoulos", "Sørensen", "Hashemi", "Kaur", "Murphy", "O'Brien",
    "Gallagher", "Jensen", "Virtanen", "Nieminen", "Wójcik", "Zieliński", "Dvořák", "Szabó",
    "Nagy", "Ortega", "Navarro", "Marchetti", "Greco", "Abdullah", "Chowdhury", "Nakamura",
    "Sato", "Kim", "Park", "Nguyen", "Tran", "Mendes", "Vasquez", "Ramírez", "Eriksen",
];

const fn place(city: &'static str, country: &'static str) -> Place {
    Place { city, country }
}

pub(crate) const PLACES: &[Place] = &[
    place("London", "Britain"), place("Paris", "France"), place("Berlin", "Germany"),
    place("Madrid", "Spain"), place("Rome", "Italy"), place("Warsaw", "Poland"),
    place("Lisbon", "Portugal"), place("Oslo", "Norway"), place("Stockholm", "Sweden"),
    place("Helsinki", "Finland"), place("Vienna", "Austria"), place("Prague", "Czech Republic"),
    place("Budapest", "Hungary"), place("Athens", "Greece"), place("Dublin", "Ireland"),
    place("Brussels", "Belgium"), place("Amsterdam", "Netherlands"), place("Copenhagen", "Denmark"),
    place("Zagreb", "Croatia"), place("Bucharest", "Romania"), place("Łódź", "Poland"),
    place("Kraków", "Poland"), place("Gdańsk", "Poland"), place("Porto", "Portugal"),
    place("Seville", "Spain"), place("Barcelona", "Spain"), place("Milan", "Italy"),
    place("Naples", "Italy"), place("Munich", "Germany"), place("Hamburg", "Germany"),
    place("Lyon", "France"), place("Marseille", "France"), place("Manchester", "Britain"),
    place("Glasgow", "Britain"), place("Cardiff", "Britain"), place("Harrowmere", "Britain"),
    place("Northbank", "Britain"), place("Moscow", "Russia"), place("Kyiv", "Ukraine"),
    place("Istanbul", "Turkey"), place("Cairo", "Egypt"), place("Lagos", "Nigeria"),
    place("Nairobi", "Kenya"), place("Accra", "Ghana"), place("Johannesburg", "South Africa"),
    place("Casablanca", "Morocco"), place("Dubai", "United Arab Emirates"), place("Mumbai", "India"),
    place("Delhi", "India"), place("Dhaka", "Bangladesh"), place("Jakarta", "Indonesia"),
    place("Manila", "Philippines"), place("Singapore", "Singapore"), place("Bangkok", "Thailand"),
    place("Hanoi", "Vietnam"), place("Seoul", "South Korea"), place("Tokyo", "Japan"),
    place("Osaka", "Japan"), place("Sydney", "Australia"), place("Melbourne", "Australia"),
    place("Auckland", "New Zealand"), place("Washington", "United States"),
    place("New York", "United States"), place("Chicago", "United States"),
    place("Houston", "United States"), place("Toronto", "Canada"), place("Montreal", "Canada"),
    place("Mexico City", "Mexico"), place("Bogotá", "Colombia"), place("Lima", "Peru"),
    place("Santiago", "Chile"), place("Buenos Aires", "Argentina"), place("São Paulo", "Brazil"),
    place("Rio de Janeiro", "Brazil"), place("Reykjavik", "Iceland"), place("Tallinn", "Estonia"),
    place("Riga", "Latvia"), place("Vilnius", "Lithuania"), place("Sofia", "Bulgaria"),
    place("Belgrade", "Serbia"),
];

/// Named organisations; `Pools::new` adds "{city} City Council" and the like.
pub(crate) const ORGANISATIONS: &[&str] = &[
    "European Central Bank", "World Health Organization", "International Monetary Fund",
    "European Commission", "United Nations", "World Bank", "Red Cross", "Arctic Council",
    "Organisation for Economic Co-operation and Development", "International Energy Agency",
    "World Trade Organization", "African Union", "Council of Europe", "European Investment Bank",
    "Lumora Group", "Northwind Energy", "Atlas Rail", "Meridian Bank", "Solstice Pharma",
    "Brightwater Utilities", "Keystone Airlines", "Halcyon Telecom", "Oakridge Motors",
    "Crescent Shipping", "Vantage Media", "Harbour Alliance Party", "Civic Forward Party",
    "National Farmers Union", "Teachers Union", "Transport Workers Union",
];

pub(crate) const AGENCIES: &[&str] = &["Reuters", "AFP", "AP", "dpa", "ANSA", "EFE"];

/// Indexed from Sunday, as `(days since 1970-01-01 + 4) % 7`.
pub(crate) const WEEKDAYS: &[&str] = &["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

pub(crate) const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

/// As wire datelines write them ("Jan. 22", "March 3").
pub(crate) const MONTH_ABBREVIATIONS: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];

pub(crate) const ORDINALS: &[&str] = &["second", "third", "fourth", "fifth", "sixth", "seventh"];

pub(crate) const TRENDS: &[&str] = &[
    "rose sharply", "fell", "edged higher", "stalled", "slipped", "climbed", "held steady",
    "dropped to a record low", "reached a record high",
];

pub(crate) const TREND_VERBS: &[&str] = &["rise", "fall", "slow", "recover", "stall", "accelerate"];

pub(crate) const CONTEXTS: &[&str] = &[
    "the first such move in more than a decade",
    "a day after talks with unions broke down",
    "despite objections from the opposition",
    "amid growing pressure from business groups",
    "weeks before the end of the parliamentary session",
    "in a decision that surprised many observers",
];

pub(crate) const ASSESSMENTS: &[&str] = &[
    "a serious concern", "under control", "our first priority", "not sustainable",
    "better than expected", "a matter for the courts", "far from settled",
];

pub(crate) const PROMISES: &[&str] = &[
    "publish the full figures", "consult residents", "protect jobs", "cut waiting times",
    "review the contracts", "fund new training places", "report back to parliament",
];

pub(crate) const SAID: &[&str] = &[
    "said", "told reporters", "said in a statement", "told a news conference", "wrote on social media",
];

pub(crate) const FUTURE_ACTIONS: &[&str] = &[
    "present a revised plan", "meet union leaders", "visit the region",
    "answer questions in parliament", "sign the agreement", "announce a decision",
];

pub(crate) const PERIODS: &[&str] = &["month", "week", "year", "quarter", "summer", "parliamentary session"];

pub(crate) const CONDITIONS: &[&str] = &[
    "energy prices stay high", "the talks collapse", "demand weakens over the winter",
    "the government delays the reform", "interest rates rise again",
];

pub(crate) const CONDITIONS_PAST: &[&str] = &[
    "energy prices soared", "the talks collapsed", "demand weakened over the winter",
    "the government delayed the reform", "a series of strikes",
];

pub(crate) const VERDICTS: &[&str] = &[
    "reckless", "long overdue", "a missed opportunity", "a cynical manoeuvre", "a step in the right direction",
];

pub(crate) const REACTIONS: &[&str] = &[
    "welcomed the decision", "said they had not been consulted", "expressed cautious optimism",
    "called for an independent inquiry", "said the changes came too late",
];

pub(crate) const CURRENCIES: &[&str] = &["euro", "pound", "dollar", "zloty", "krone"];

pub(crate) const STATUSES: &[&str] = &[
    "has been delayed twice", "is now expected to be completed next year",
    "was approved by a narrow majority", "remains under review", "ran over budget",
];

pub(crate) const CRITICISMS: &[&str] = &[
    "had been neglected for years", "would hit the poorest hardest",
    "was being used for political ends", "lacked proper oversight", "deserved more public debate",
];

pub(crate) const SUBHEADING_OPENERS: &[&str] = &[
    "Questions over", "A closer look at", "Pressure on", "The debate over", "Uncertainty about",
];
}
