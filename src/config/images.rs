//! `[images]`: the widths pictures are written at, WebP, the encoder's
//! quality, the crops' width, and the limits that keep a damaged or hostile
//! picture from costing the build its memory.

use crate::config::CONFIG_FILE;
use crate::config::raw::RawImages;
use crate::problem::Problem;

/// The checked `[images]` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageConfig {
    /// Ascending, each once; a picture is never written wider than it is.
    pub widths: Vec<u32>,
    /// Also write each width in WebP.
    pub webp: bool,
    /// The lossy encoders' quality, 1 to 100.
    pub quality: u8,
    /// The width of the 16:9, 4:3 and 1:1 crops (for `og:image` and JSON-LD).
    pub crop_width: u32,
    /// The largest picture decoded, in pixels (width × height).
    pub max_pixels: u64,
    /// The largest picture file read, in bytes.
    pub max_bytes: u64,
}

impl Default for ImageConfig {
    fn default() -> Self {
        ImageConfig {
            widths: vec![320, 640, 1024, 1600],
            webp: true,
            quality: 80,
            crop_width: 1200,
            max_pixels: 50_000_000,
            max_bytes: 40 * 1024 * 1024,
        }
    }
}

/// The narrowest and widest width a variant may have.
const WIDTHS: std::ops::RangeInclusive<i64> = 16..=8192;

/// Checks `[images]`: the settings, or a problem for each bad value, at its key.
pub(super) fn check(text: &str, raw: &RawImages) -> Result<ImageConfig, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |key: &str, message: String, help: &str| {
        let offset = crate::config::keys::key_offset(text, &format!("images.{key}")).unwrap_or(0);
        problems.push(
            Problem::new(CONFIG_FILE, message)
                .at_offset(text, offset, 1)
                .help(help),
        );
    };
    let mut widths: Vec<u32> = Vec::new();
    for &width in &raw.widths {
        match u32::try_from(width)
            .ok()
            .filter(|_| WIDTHS.contains(&width))
        {
            Some(width) => widths.push(width),
            None => problem(
                "widths",
                format!("`images.widths` holds {width}; each width must be 16 to 8192 pixels"),
                "list the widths to write, for example `widths = [320, 640, 1024, 1600]`",
            ),
        }
    }
    widths.sort_unstable();
    widths.dedup();
    if raw.widths.is_empty() {
        problem(
            "widths",
            "`images.widths` is empty".into(),
            "list at least one width, for example `widths = [320, 640, 1024, 1600]`",
        );
    }
    let quality = match u8::try_from(raw.quality)
        .ok()
        .filter(|q| (1..=100).contains(q))
    {
        Some(quality) => quality,
        None => {
            problem(
                "quality",
                format!("`images.quality = {}` must be 1 to 100", raw.quality),
                "set the encoders' quality, for example `quality = 80` (the default)",
            );
            80
        }
    };
    let crop_width = match u32::try_from(raw.crop_width)
        .ok()
        .filter(|_| WIDTHS.contains(&raw.crop_width))
    {
        Some(width) => width,
        None => {
            problem(
                "crop_width",
                format!(
                    "`images.crop_width = {}` must be 16 to 8192 pixels",
                    raw.crop_width
                ),
                "Google asks for at least 1200: `crop_width = 1200` (the default)",
            );
            1200
        }
    };
    let positive = |value: i64| u64::try_from(value).ok().filter(|n| *n > 0);
    let max_pixels = positive(raw.max_megapixels).map(|m| m.saturating_mul(1_000_000));
    if max_pixels.is_none() {
        problem(
            "max_megapixels",
            format!(
                "`images.max_megapixels = {}` must be at least 1",
                raw.max_megapixels
            ),
            "set the largest picture to decode, for example `max_megapixels = 50` (the default)",
        );
    }
    let max_bytes = positive(raw.max_mib).map(|m| m.saturating_mul(1024 * 1024));
    if max_bytes.is_none() {
        problem(
            "max_mib",
            format!("`images.max_mib = {}` must be at least 1", raw.max_mib),
            "set the largest picture file to read, for example `max_mib = 40` (the default)",
        );
    }
    match (max_pixels, max_bytes, problems.is_empty()) {
        (Some(max_pixels), Some(max_bytes), true) => Ok(ImageConfig {
            widths,
            webp: raw.webp,
            quality,
            crop_width,
            max_pixels,
            max_bytes,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::config::tests::{MINIMAL, errors};

    #[test]
    fn defaults_and_settings() {
        assert_eq!(
            Config::parse(MINIMAL).unwrap().images,
            super::ImageConfig::default()
        );
        let config = Config::parse(&format!(
            "{MINIMAL}[images]\nwidths = [800, 400, 800]\nwebp = false\nquality = 70\nmax_megapixels = 2\n"
        ))
        .unwrap();
        assert_eq!(config.images.widths, [400, 800]);
        assert!(!config.images.webp);
        assert_eq!(config.images.quality, 70);
        assert_eq!(config.images.max_pixels, 2_000_000);
    }

    #[test]
    fn bad_values_are_placed_at_their_keys() {
        let unknown = errors(&format!(
            "{MINIMAL}[images]\nwidths = [0]\nquality = 101\nmax_mib = 0\nsizes = 1\n"
        ));
        assert_eq!(unknown.len(), 1, "{unknown:#?}");
        assert!(
            unknown[0].contains("unknown key `images.sizes`"),
            "{}",
            unknown[0]
        );
        let errors = errors(&format!(
            "{MINIMAL}[images]\nwidths = [0]\nquality = 101\nmax_mib = 0\n"
        ));
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            errors[0].starts_with("site.toml:4:10: `images.widths` holds 0"),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].starts_with("site.toml:5:11: `images.quality = 101` must be 1 to 100"),
            "{}",
            errors[1]
        );
        assert!(
            errors[2].starts_with("site.toml:6:11: `images.max_mib = 0` must be at least 1"),
            "{}",
            errors[2]
        );
    }
}
