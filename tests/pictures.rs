//! Pictures: lead images found beside the article, in static/ or at a URL;
//! their variants (widths in their own format and WebP, crops) written
//! under images/ and shown with `<picture>`; kept between builds so a
//! rebuild encodes nothing; bad files named with the article.

use newsgen::image_fixtures as fixtures;

use crate::harness::{TestSite, build, build_at, equals_a_fresh_build, failure, files, read};

const NOW: &str = "2025-06-01T12:00:00Z";

fn site_with_photo() -> TestSite {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/news/\"\n");
    site.write(
        "seeds/2025/bridge.md",
        "+++\ntitle = \"Bridge opens\"\ndate = 2025-05-01\nimage = \"bridge.jpg\"\nimage_alt = \"The new bridge at dawn\"\nimage_caption = \"The bridge from the north bank\"\nimage_credit = \"Ann Lee\"\n+++\nThe bridge opened.\n",
    )
    .write("seeds/2025/bridge.jpg", fixtures::photo_jpeg(2000, 1300))
    .write(
        "seeds/2025/other.md",
        "+++\ntitle = \"Other story\"\ndate = 2025-04-01\n+++\nText.\n",
    );
    site
}

fn picture_files(site: &TestSite) -> Vec<String> {
    files(&site.out(), |_| ())
        .into_keys()
        .filter(|path| path.starts_with("images/"))
        .collect()
}

#[test]
fn a_lead_picture_gets_variants_crops_and_markup() {
    let site = site_with_photo();
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.encoded, 1);
    let names: Vec<String> = picture_files(&site)
        .iter()
        .map(|path| path.rsplit('/').next().unwrap().to_string())
        .collect();
    for name in [
        "bridge-320.jpg",
        "bridge-640.jpg",
        "bridge-1024.jpg",
        "bridge-1600.jpg",
        "bridge-320.webp",
        "bridge-1600.webp",
        "bridge-16x9.jpg",
        "bridge-4x3.jpg",
        "bridge-1x1.jpg",
    ] {
        assert!(
            names.contains(&name.to_string()),
            "{name} missing from {names:?}"
        );
    }
    let article = built
        .library
        .articles
        .iter()
        .find(|a| a.title == "Bridge opens")
        .unwrap();
    let html = read(site.out().join(&article.path).join("index.html"));
    assert!(
        html.contains("<source type=\"image/webp\" srcset=\"/news/images/"),
        "{html}"
    );
    assert!(html.contains("-320.webp 320w, "), "{html}");
    assert!(html.contains("width=\"1600\" height=\"1040\""), "{html}");
    assert!(
        html.contains("alt=\"The new bridge at dawn\" fetchpriority=\"high\""),
        "{html}"
    );
    assert!(html.contains("<figcaption>The bridge from the north bank <span class=\"credit\">Ann Lee</span></figcaption>"));
    assert!(html.contains("<meta name=\"robots\" content=\"max-image-preview:large\">"));
    assert!(html.contains("<meta property=\"og:image:width\" content=\"1200\">"));
    assert!(html.contains("<meta property=\"og:image:height\" content=\"675\">"));
    let start = html.find("application/ld+json\">").unwrap() + 21;
    let ld: serde_json::Value =
        serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()])
            .unwrap();
    let images: Vec<&str> = ld["image"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    assert_eq!(images.len(), 3, "{images:?}");
    assert!(
        images[0].starts_with("https://example.org/news/images/")
            && images[0].ends_with("-16x9.jpg")
    );
    // Feeds carry the picture where it is.
    let feed: serde_json::Value =
        serde_json::from_str(&read(site.out().join("feed.json"))).unwrap();
    let image = feed["items"][0]["image"].as_str().unwrap();
    assert!(
        image.starts_with("https://example.org/news/images/")
            && image.ends_with("/bridge-1600.jpg"),
        "{image}"
    );
    assert!(
        site.out()
            .join(&image["https://example.org/news/".len()..])
            .is_file()
    );
    // Cards: a thumbnail, lazy, with its size.
    let home = read(site.out().join("index.html"));
    assert!(
        home.contains("loading=\"lazy\" decoding=\"async\""),
        "{home}"
    );
    assert!(home.contains("width=\"1600\" height=\"1040\""));
}

#[test]
fn a_rebuild_encodes_nothing_and_a_changed_picture_only_itself() {
    let site = site_with_photo();
    site.write(
        "seeds/2025/harbour.md",
        "+++\ntitle = \"Harbour\"\ndate = 2025-05-02\nimage = \"/harbour.png\"\n+++\nText.\n",
    )
    .write("static/harbour.png", fixtures::transparent_png(900, 600));
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.encoded, 2);
    let (built, summary) = build_at(site.path(), NOW);
    assert_eq!((built.encoded, summary.files - summary.unchanged), (0, 0));
    // An unrelated edit encodes nothing.
    site.write(
        "seeds/2025/other.md",
        "+++\ntitle = \"Other story, again\"\ndate = 2025-04-01\n+++\nText.\n",
    );
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.encoded, 0);
    // A changed picture encodes itself only; its old variants leave.
    let before = picture_files(&site);
    site.write("seeds/2025/bridge.jpg", fixtures::photo_jpeg(1800, 1200));
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.encoded, 1);
    let after = picture_files(&site);
    assert!(
        after.iter().any(|p| p.ends_with("harbour-640.png")),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .all(|p| !p.contains("bridge") || !before.contains(p)),
        "{after:?}"
    );
    equals_a_fresh_build(site.path(), NOW);
    // A picture taken away takes its variants with it.
    site.write(
        "seeds/2025/harbour.md",
        "+++\ntitle = \"Harbour\"\ndate = 2025-05-02\n+++\nText.\n",
    );
    build_at(site.path(), NOW);
    assert!(picture_files(&site).iter().all(|p| !p.contains("harbour")));
    equals_a_fresh_build(site.path(), NOW);
    // The store keeps what the site shows: the one picture left.
    let kept: Vec<String> = std::fs::read_dir(site.join(".newsgen/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.len() == 64)
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
}

#[test]
fn a_wire_story_shows_the_picture_beside_it_with_its_sidecar() {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.write(
        "seeds/storm.txt",
        " date 2025-05-01 \nThe storm closed the port on Friday as winds reached 120 km/h along the coast.\n\nFerries stayed in harbour.\n",
    )
    .write("seeds/storm.jpg", fixtures::photo_jpeg(1200, 800))
    .write("seeds/storm.toml", "caption = \"Waves over the harbour wall\"\ncredit = \"Port Authority\"\nalt = \"Waves\"\n")
    .write("seeds/stray.toml", "caption = \"x\"\n");
    let (built, _) = build_at(site.path(), NOW);
    let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("seeds/stray.toml: ignored: a sidecar .toml"),
        "{}",
        warnings[0]
    );
    let html = read(
        site.out()
            .join(&built.library.articles[0].path)
            .join("index.html"),
    );
    assert!(
        html.contains("Waves over the harbour wall <span class=\"credit\">Port Authority</span>"),
        "{html}"
    );
    assert!(html.contains("alt=\"Waves\""));
    // A bad sidecar is an error at its line.
    site.write("seeds/storm.toml", "caption = \"ok\"\ncredits = \"x\"\n");
    let errors = failure(build(site.path()));
    assert!(
        errors[0]
            .starts_with("seeds/storm.toml:2:1: invalid picture sidecar: unknown field `credits`"),
        "{errors:#?}"
    );
}

#[test]
fn bad_and_missing_pictures_name_the_article_and_the_file() {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.write(
        "seeds/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-01-01\nimage = \"broken.jpg\"\n+++\nText.\n",
    )
    .write("seeds/broken.jpg", fixtures::truncated_jpeg())
    .write(
        "seeds/b.md",
        "+++\ntitle = \"B\"\ndate = 2025-01-02\nimage = \"gone.png\"\n+++\nText.\n",
    )
    .write(
        "seeds/c.md",
        "+++\ntitle = \"C\"\ndate = 2025-01-03\nimage = \"huge.png\"\n+++\nText.\n",
    )
    .write("seeds/huge.png", fixtures::png_claiming(100_000, 100_000))
    .write(
        "seeds/d.md",
        "+++\ntitle = \"D\"\ndate = 2025-01-04\nimage = \"noise.jpg\"\n+++\nText.\n",
    )
    .write("seeds/noise.jpg", fixtures::noise(5000, 7));
    let errors = failure(build(site.path()));
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with("seeds/a.md:4:1: the picture broken.jpg cannot be used:"),
        "{}",
        errors[0]
    );
    assert!(errors[1].starts_with("seeds/b.md:4:1: the picture `gone.png` is neither beside the article (seeds/gone.png) nor in static/ (static/gone.png)"), "{}", errors[1]);
    assert!(
        errors[2].starts_with("seeds/c.md:4:1: the picture huge.png cannot be used:")
            && errors[2].contains("100000"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].starts_with("seeds/d.md:4:1: the picture noise.jpg cannot be used:"),
        "{}",
        errors[3]
    );
    assert!(!site.out().exists());
}

#[test]
fn a_remote_picture_is_passed_through_and_a_small_one_never_upscaled() {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.write("seeds/a.md", "+++\ntitle = \"A\"\ndate = 2025-01-01\nimage = \"https://cdn.example.net/a.jpg\"\n+++\nText.\n")
        .write("seeds/b.md", "+++\ntitle = \"B\"\ndate = 2025-01-02\nimage = \"small.jpg\"\n+++\nText.\n")
        .write("seeds/small.jpg", fixtures::photo_jpeg(500, 300));
    let (built, _) = build_at(site.path(), NOW);
    let a = built
        .library
        .articles
        .iter()
        .find(|a| a.title == "A")
        .unwrap();
    let html = read(site.out().join(&a.path).join("index.html"));
    assert!(
        html.contains(
            "<img src=\"https://cdn.example.net/a.jpg\" alt=\"\" fetchpriority=\"high\">"
        ),
        "{html}"
    );
    let widths: Vec<String> = picture_files(&site);
    assert!(widths.iter().any(|p| p.ends_with("small-320.jpg")));
    assert!(
        widths.iter().any(|p| p.ends_with("small-500.jpg"))
            || !widths.iter().any(|p| p.ends_with("small-640.jpg")),
        "{widths:?}"
    );
    assert!(
        !widths
            .iter()
            .any(|p| p.ends_with("small-640.jpg") || p.ends_with("small-1600.jpg")),
        "{widths:?}"
    );
}

#[test]
fn pictures_in_a_markdown_body_get_variants_and_a_caption() {
    let site = TestSite::new("title = \"T\"\nbase_url = \"https://example.org/\"\n");
    site.write(
        "seeds/quay.md",
        "+++\ntitle = \"Quay\"\ndate = 2025-01-01\n+++\nThe quay at night.\n\n![Boats at the quay](quay.png \"The quay after dark\")\n\n![Remote](https://cdn.example.net/x.jpg)\n",
    )
    .write("seeds/quay.png", fixtures::transparent_png(1200, 800));
    let (built, _) = build_at(site.path(), NOW);
    assert_eq!(built.encoded, 1);
    let html = read(
        site.out()
            .join(&built.library.articles[0].path)
            .join("index.html"),
    );
    assert!(
        html.contains(
            "<picture class=\"body-picture\"><source type=\"image/webp\" srcset=\"/images/"
        ),
        "{html}"
    );
    assert!(html.contains("-1024.png 1024w"), "{html}");
    assert!(
        html.contains("width=\"1024\" height=\"683\" alt=\"Boats at the quay\" loading=\"lazy\""),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"body-caption\">The quay after dark</span>"),
        "{html}"
    );
    assert!(
        html.contains("src=\"https://cdn.example.net/x.jpg\""),
        "{html}"
    );
    // A full-text feed shows the widest variant, absolute.
    let feed: serde_json::Value =
        serde_json::from_str(&read(site.out().join("feed.json"))).unwrap();
    let content = feed["items"][0]["content_html"].as_str().unwrap();
    assert!(
        content.contains("<img src=\"https://example.org/images/")
            && content.contains("-1024.png\""),
        "{content}"
    );
    // A body picture that is not there is an error at its line.
    site.write(
        "seeds/quay.md",
        "+++\ntitle = \"Quay\"\ndate = 2025-01-01\n+++\nThe quay at night.\n\n![Boats](gone.png)\n",
    );
    let errors = failure(build(site.path()));
    assert!(
        errors[0]
            .starts_with("seeds/quay.md:7:1: the picture `gone.png` is neither beside the article"),
        "{errors:#?}"
    );
}
