use super::fixtures;
use super::*;

fn decoded(variant: &Variant) -> image::DynamicImage {
    let format = match variant.format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Webp => image::ImageFormat::WebP,
    };
    assert_eq!(sniff(&variant.bytes), Some(variant.format));
    let image = image::load_from_memory_with_format(&variant.bytes, format).unwrap();
    assert_eq!(
        (image.width(), image.height()),
        (variant.width, variant.height),
        "{:?} {:?}",
        variant.format,
        variant.crop
    );
    image
}

/// (width, height, format, crop) of every variant, in order.
fn shapes(rendered: &Rendered) -> Vec<(u32, u32, Format, Option<Crop>)> {
    rendered
        .variants
        .iter()
        .map(|variant| (variant.width, variant.height, variant.format, variant.crop))
        .collect()
}

fn near(pixel: [u8; 3], expected: [u8; 3]) -> bool {
    pixel
        .iter()
        .zip(expected)
        .all(|(&got, want)| got.abs_diff(want) <= 40)
}

#[test]
fn a_photo_gets_every_width_in_jpeg_and_webp_then_the_three_crops() {
    let rendered = render(&fixtures::photo_jpeg(2000, 1300), &Settings::default()).unwrap();
    assert_eq!((rendered.width, rendered.height), (2000, 1300));
    assert_eq!(rendered.source_format, Format::Jpeg);
    use Format::{Jpeg, Webp};
    assert_eq!(
        shapes(&rendered),
        vec![
            (320, 208, Jpeg, None),
            (320, 208, Webp, None),
            (640, 416, Jpeg, None),
            (640, 416, Webp, None),
            (1024, 666, Jpeg, None),
            (1024, 666, Webp, None),
            (1600, 1040, Jpeg, None),
            (1600, 1040, Webp, None),
            (1200, 675, Jpeg, Some(Crop::Wide)),
            (1200, 900, Jpeg, Some(Crop::Standard)),
            (1200, 1200, Jpeg, Some(Crop::Square)),
        ]
    );
    for variant in &rendered.variants {
        let pixels = decoded(variant).to_rgb8();
        // The source is dark red-green at the top left and bright at the
        // bottom: a resize that mixed up rows or channels would show.
        let corner = pixels.get_pixel(variant.width - 1, variant.height - 1).0;
        assert!(
            corner[0] > 150 && corner[1] > 150,
            "{corner:?} in {variant:?}"
        );
    }
}

#[test]
fn the_same_source_gives_the_same_bytes() {
    let source = fixtures::transparent_png(500, 300);
    let first = render(&source, &Settings::default()).unwrap();
    let second = render(&source, &Settings::default()).unwrap();
    assert_eq!(first, second);
    let photo = fixtures::photo_jpeg(700, 500);
    assert_eq!(
        render(&photo, &Settings::default()).unwrap(),
        render(&photo, &Settings::default()).unwrap()
    );
}

#[test]
fn widths_are_never_upscaled() {
    let rendered = render(&fixtures::photo_jpeg(700, 400), &Settings::default()).unwrap();
    use Format::{Jpeg, Webp};
    assert_eq!(
        shapes(&rendered),
        vec![
            (320, 183, Jpeg, None),
            (320, 183, Webp, None),
            (640, 366, Jpeg, None),
            (640, 366, Webp, None),
            (700, 394, Jpeg, Some(Crop::Wide)),
            (533, 400, Jpeg, Some(Crop::Standard)),
            (400, 400, Jpeg, Some(Crop::Square)),
        ]
    );
    let small = render(&fixtures::photo_jpeg(200, 100), &Settings::default()).unwrap();
    let widths: Vec<u32> = small.variants.iter().map(|variant| variant.width).collect();
    assert_eq!(widths, vec![200, 200, 178, 133, 100]);
}

#[test]
fn settings_choose_the_webp_and_the_crops() {
    let settings = Settings {
        widths: vec![100],
        webp: false,
        crop_width: 0,
        ..Settings::default()
    };
    let rendered = render(&fixtures::photo_jpeg(300, 200), &settings).unwrap();
    assert_eq!(shapes(&rendered), vec![(100, 67, Format::Jpeg, None)]);
}

#[test]
fn a_transparent_png_keeps_its_alpha_in_png_and_webp() {
    let rendered = render(&fixtures::transparent_png(800, 400), &Settings::default()).unwrap();
    assert_eq!(rendered.source_format, Format::Png);
    use Format::{Png, Webp};
    assert_eq!(
        shapes(&rendered),
        vec![
            (320, 160, Png, None),
            (320, 160, Webp, None),
            (640, 320, Png, None),
            (640, 320, Webp, None),
            (711, 400, Png, Some(Crop::Wide)),
            (533, 400, Png, Some(Crop::Standard)),
            (400, 400, Png, Some(Crop::Square)),
        ]
    );
    for variant in &rendered.variants {
        let image = decoded(variant);
        assert!(image.color().has_alpha(), "{variant:?}");
        let pixels = image.to_rgba8();
        let top = pixels.get_pixel(variant.width / 2, 0).0;
        let bottom = pixels.get_pixel(variant.width / 2, variant.height - 1).0;
        assert!(top[3] > 240 && top[0] > 200, "top {top:?} of {variant:?}");
        assert!(bottom[3] < 15, "bottom {bottom:?} of {variant:?}");
    }
}

#[test]
fn a_webp_source_gives_jpeg_and_webp() {
    let rendered = render(&fixtures::photo_webp(400, 300), &Settings::default()).unwrap();
    assert_eq!(rendered.source_format, Format::Webp);
    assert_eq!(
        shapes(&rendered)[..2],
        [
            (320, 240, Format::Jpeg, None),
            (320, 240, Format::Webp, None)
        ]
    );
    for variant in &rendered.variants {
        decoded(variant);
    }
}

#[test]
fn palette_and_16_bit_pngs_keep_their_colours() {
    let rendered = render(&fixtures::palette_png(400, 100), &Settings::default()).unwrap();
    assert_eq!(rendered.source_format, Format::Png);
    let first = &rendered.variants[0];
    assert_eq!((first.width, first.format), (320, Format::Png));
    let pixels = decoded(first).to_rgb8();
    assert!(near(pixels.get_pixel(40, 40).0, [255, 0, 0]));
    assert!(near(pixels.get_pixel(280, 40).0, [0, 255, 0]));
    let rendered = render(
        &fixtures::deep_png(64, 48, [0, 0, 65_535]),
        &Settings::default(),
    )
    .unwrap();
    // An opaque PNG: PNG and WebP widths, JPEG crops.
    let formats: Vec<Format> = rendered
        .variants
        .iter()
        .map(|variant| variant.format)
        .collect();
    use Format::{Jpeg, Png, Webp};
    assert_eq!(formats, vec![Png, Webp, Jpeg, Jpeg, Jpeg]);
    for variant in &rendered.variants {
        let pixel = decoded(variant).to_rgb8().get_pixel(20, 20).0;
        assert!(near(pixel, [0, 0, 255]), "{pixel:?} in {variant:?}");
    }
}

#[test]
fn a_cmyk_jpeg_decodes_to_its_colour() {
    for (cmyk, rgb) in [
        ([0, 255, 255, 0], [255, 0, 0]),
        ([255, 0, 255, 0], [0, 255, 0]),
        ([0, 0, 0, 255], [0, 0, 0]),
        ([0, 0, 0, 0], [255, 255, 255]),
    ] {
        let rendered = render(&fixtures::cmyk_jpeg(64, 48, cmyk), &Settings::default()).unwrap();
        for variant in &rendered.variants {
            let pixel = decoded(variant).to_rgb8().get_pixel(32, 24).0;
            assert!(
                near(pixel, rgb),
                "CMYK {cmyk:?} gave {pixel:?}, not {rgb:?}"
            );
        }
    }
}

#[test]
fn an_exif_rotated_photo_comes_out_upright() {
    let rendered = render(&fixtures::rotated_jpeg(), &Settings::default()).unwrap();
    assert_eq!((rendered.width, rendered.height), (200, 300));
    let first = &rendered.variants[0];
    assert_eq!((first.width, first.height), (200, 300));
    for variant in rendered
        .variants
        .iter()
        .filter(|variant| variant.crop.is_none())
    {
        let pixels = decoded(variant).to_rgb8();
        let top = pixels.get_pixel(100, 60).0;
        let bottom = pixels.get_pixel(100, 240).0;
        assert!(near(top, [255, 0, 0]), "top {top:?} of {variant:?}");
        assert!(
            near(bottom, [0, 0, 255]),
            "bottom {bottom:?} of {variant:?}"
        );
    }
}

#[test]
fn broken_files_are_errors_not_panics() {
    let settings = Settings::default();
    assert!(matches!(
        render(&fixtures::truncated_jpeg(), &settings),
        Err(ImageError::Damaged(_))
    ));
    assert_eq!(
        render(&fixtures::noise(5000, 1), &settings),
        Err(ImageError::Unsupported)
    );
    assert_eq!(render(&[], &settings), Err(ImageError::Unsupported));
    for format in [
        &b"\xFF\xD8\xFF"[..],
        b"\x89PNG\r\n\x1a\n",
        b"RIFF\0\0\0\0WEBP",
    ] {
        for seed in 0..20 {
            let mut bytes = format.to_vec();
            bytes.extend(fixtures::noise(2000, seed));
            let result = render(&bytes, &settings);
            assert!(
                matches!(
                    result,
                    Err(ImageError::Damaged(_) | ImageError::Unsupported)
                ),
                "{result:?}"
            );
        }
    }
    let mut cut_png = fixtures::transparent_png(300, 300);
    cut_png.truncate(cut_png.len() * 2 / 3);
    assert!(matches!(
        render(&cut_png, &settings),
        Err(ImageError::Damaged(_))
    ));
}

#[test]
fn a_bomb_is_refused_from_its_header() {
    let error = render(
        &fixtures::png_claiming(100_000, 100_000),
        &Settings::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the image is 100000×100000 pixels (10000 megapixels); the limit is 50 megapixels (`[images] max_pixels`)"
    );
    let error = render(&fixtures::png_claiming(8000, 6500), &Settings::default()).unwrap_err();
    assert_eq!(
        error,
        ImageError::TooManyPixels {
            width: 8000,
            height: 6500,
            limit: 50_000_000
        }
    );
    let error = render(
        &fixtures::jpeg_claiming(60_000, 50_000),
        &Settings::default(),
    )
    .unwrap_err();
    assert_eq!(
        error,
        ImageError::TooManyPixels {
            width: 60_000,
            height: 50_000,
            limit: 50_000_000
        }
    );
    // Under the limit, the header is believed and the missing pixels are
    // the error.
    let result = render(&fixtures::png_claiming(7000, 7000), &Settings::default());
    assert!(matches!(result, Err(ImageError::Damaged(_))), "{result:?}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let big = vec![0u8; 50 * 1024 * 1024];
    let error = render(&big, &Settings::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the file is 50 MiB; the limit is 40 MiB (`[images] max_bytes`)"
    );
    let settings = Settings {
        max_bytes: 1000,
        ..Settings::default()
    };
    let photo = fixtures::photo_jpeg(300, 200);
    assert!(matches!(
        render(&photo, &settings),
        Err(ImageError::TooBig { limit: 1000, .. })
    ));
}

#[test]
fn errors_read_as_sentences() {
    assert_eq!(
        ImageError::Unsupported.to_string(),
        "the file is not a JPEG, PNG or WebP image it can read"
    );
    assert_eq!(
        ImageError::TooBig {
            bytes: 2_621_440,
            limit: 1_048_576
        }
        .to_string(),
        "the file is 2.5 MiB; the limit is 1 MiB (`[images] max_bytes`)"
    );
    assert_eq!(
        ImageError::TooManyPixels {
            width: 2000,
            height: 1300,
            limit: 1_000_000
        }
        .to_string(),
        "the image is 2000×1300 pixels (2.6 megapixels); the limit is 1 megapixels (`[images] max_pixels`)"
    );
    assert_eq!(
        ImageError::Damaged("no end of image".to_string()).to_string(),
        "the image is damaged or cut short: no end of image"
    );
    assert_eq!(
        ImageError::Unsupported.help(),
        "save the image as JPEG, PNG or WebP"
    );
}

#[test]
fn sniff_reads_the_magic_bytes() {
    assert_eq!(sniff(&fixtures::photo_jpeg(8, 8)), Some(Format::Jpeg));
    assert_eq!(sniff(&fixtures::transparent_png(8, 8)), Some(Format::Png));
    assert_eq!(sniff(&fixtures::photo_webp(8, 8)), Some(Format::Webp));
    assert_eq!(sniff(b"RIFF\0\0\0\0WAVE"), None);
    assert_eq!(sniff(b"GIF89a"), None);
    assert_eq!(sniff(b""), None);
}

#[test]
fn the_settings_key_follows_every_setting() {
    let base = Settings::default();
    assert_eq!(base.key(), Settings::default().key());
    let changed = [
        Settings {
            widths: vec![320, 640, 1024],
            ..Settings::default()
        },
        Settings {
            widths: vec![640, 320, 1024, 1600],
            ..Settings::default()
        },
        Settings {
            webp: false,
            ..Settings::default()
        },
        Settings {
            quality: 81,
            ..Settings::default()
        },
        Settings {
            max_pixels: 1,
            ..Settings::default()
        },
        Settings {
            max_bytes: 1,
            ..Settings::default()
        },
        Settings {
            crop_width: 1201,
            ..Settings::default()
        },
    ];
    let mut keys: Vec<[u8; 32]> = changed.iter().map(Settings::key).collect();
    keys.push(base.key());
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), changed.len() + 1);
}

#[test]
fn formats_name_their_files() {
    assert_eq!(Format::Jpeg.extension(), "jpg");
    assert_eq!(Format::Webp.mime_type(), "image/webp");
    assert_eq!(Format::Png.mime_type(), "image/png");
}
