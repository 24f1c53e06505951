//! Pictures: one source image in, its variants out (the widths of
//! `[images] widths` in the source's own format and in WebP, and the 16:9,
//! 4:3 and 1:1 crops for `og:image` and the JSON-LD `image` list).
//!
//! A pure function of the bytes and the [`Settings`]: it reads no file and
//! knows no article, so the orchestrator can run it in parallel, cache what
//! it returns under the source's hash and [`Settings::key`], and place an
//! [`ImageError`] on the article that names the image. `decode` checks the
//! limits and makes the picture upright; `encode` resizes, crops and
//! encodes; `fixtures` makes test images for the unit and integration tests.

mod decode;
mod encode;
#[doc(hidden)]
pub mod fixtures;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

/// Bumped when the output for the same bytes and settings changes (another
/// encoder, another filter): it is part of [`Settings::key`], so the cache
/// of variants made the old way is not used.
const FORMAT_VERSION: u32 = 1;

const MIB: u64 = 1024 * 1024;

/// How pictures are made: plain values, filled from `[images]` by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The widths of the responsive variants, in pixels (never upscaled).
    pub widths: Vec<u32>,
    /// Whether every width is also written as WebP.
    pub webp: bool,
    /// The quality of the lossy encodings (JPEG and WebP), 1 to 100.
    pub quality: u8,
    /// The most pixels (width × height) a source may have: a guard
    /// against decompression bombs, checked before the pixels are decoded.
    pub max_pixels: u64,
    /// The largest source file, in bytes, checked before anything is read.
    pub max_bytes: u64,
    /// The width of the 16:9, 4:3 and 1:1 crops (less when the source is
    /// smaller: never upscaled).
    pub crop_width: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![320, 640, 1024, 1600],
            webp: true,
            quality: 80,
            max_pixels: 50_000_000,
            max_bytes: 40 * MIB,
            crop_width: 1200,
        }
    }
}

impl Settings {
    /// A digest of every setting and of the format version: with the
    /// source's content hash, the key of its variants in the cache.
    pub(crate) fn key(&self) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"newsgen images");
        hasher.update(&FORMAT_VERSION.to_le_bytes());
        hasher.update(&(self.widths.len() as u64).to_le_bytes());
        for width in &self.widths {
            hasher.update(&width.to_le_bytes());
        }
        hasher.update(&[u8::from(self.webp), self.quality]);
        hasher.update(&self.max_pixels.to_le_bytes());
        hasher.update(&self.max_bytes.to_le_bytes());
        hasher.update(&self.crop_width.to_le_bytes());
        *hasher.finalize().as_bytes()
    }
}

/// The formats read and written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub(crate) enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    /// The file extension, without the dot.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The media type, for `<source type>` and the server.
    pub(crate) fn mime_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// The shapes cut from the centre of a source for `og:image` and JSON-LD.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub(crate) enum Crop {
    /// 16:9.
    Wide,
    /// 4:3.
    Standard,
    /// 1:1.
    Square,
}

impl Crop {
    pub(crate) const ALL: [Crop; 3] = [Crop::Wide, Crop::Standard, Crop::Square];

    /// Width and height of the shape's ratio.
    pub(crate) fn ratio(self) -> (u32, u32) {
        match self {
            Crop::Wide => (16, 9),
            Crop::Standard => (4, 3),
            Crop::Square => (1, 1),
        }
    }
}

/// One encoded file made from a source.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// `None` for the responsive widths (the whole picture), the shape for
    /// a crop.
    pub crop: Option<Crop>,
    pub bytes: Vec<u8>,
}

/// The bytes counted, not listed: a failed test shows the shape.
impl std::fmt::Debug for Variant {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Variant")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("format", &self.format)
            .field("crop", &self.crop)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What [`render`] makes of one source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// The upright source's width (after its EXIF orientation).
    pub width: u32,
    /// The upright source's height.
    pub height: u32,
    pub source_format: Format,
    /// The responsive widths first, narrowest first, each in the source's
    /// family (JPEG or PNG) then WebP; then the crops 16:9, 4:3, 1:1.
    pub variants: Vec<Variant>,
}

/// Why a source gives no variants. The text is a sentence about the image,
/// for a problem that names the article and the file.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub(crate) enum ImageError {
    #[error("the file is {}; the limit is {} (`[images] max_bytes`)", mebibytes(*.bytes), mebibytes(*.limit))]
    TooBig { bytes: u64, limit: u64 },
    #[error("the file is not a JPEG, PNG or WebP image it can read")]
    Unsupported,
    #[error(
        "the image is {width}×{height} pixels ({}); the limit is {} (`[images] max_pixels`)",
        megapixels(u64::from(*.width) * u64::from(*.height)),
        megapixels(*.limit)
    )]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    #[error("the image is larger than the limits allow (`[images] max_pixels`): {0}")]
    Limits(String),
    #[error("the image is damaged or cut short: {0}")]
    Damaged(String),
    #[error("a variant {width} pixels wide could not be encoded as {format:?}: {reason}")]
    Encoding {
        width: u32,
        format: Format,
        reason: String,
    },
}

impl ImageError {
    /// What the writer can do about it.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            ImageError::TooBig { .. }
            | ImageError::TooManyPixels { .. }
            | ImageError::Limits(_) => "save the image smaller, or raise the limit in site.toml",
            ImageError::Unsupported => "save the image as JPEG, PNG or WebP",
            ImageError::Damaged(_) => "open the image in an editor and save it again",
            ImageError::Encoding { .. } => "check the widths in `[images]` of site.toml",
        }
    }
}

/// `40 MiB`, `2.5 MiB`.
fn mebibytes(bytes: u64) -> String {
    one_decimal(bytes as f64 / MIB as f64, "MiB")
}

/// `50 megapixels`, `2.6 megapixels`.
fn megapixels(pixels: u64) -> String {
    one_decimal(pixels as f64 / 1_000_000.0, "megapixels")
}

fn one_decimal(value: f64, unit: &str) -> String {
    let tenths = (value * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0} {unit}")
    } else {
        format!("{tenths:.1} {unit}")
    }
}

/// The format of `bytes` from its first bytes, if it is one read here.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(Format::Webp)
    } else {
        None
    }
}

/// Every variant of one source: the limits checked before decoding, the
/// picture made upright, each width of `settings.widths` up to the
/// source's (or the source's own width when it is narrower than all of
/// them), then the crops. The same bytes and settings give the same
/// variants, byte for byte.
pub(crate) fn render(bytes: &[u8], settings: &Settings) -> Result<Rendered, ImageError> {
    let picture = decode::decode(bytes, settings)?;
    let variants = encode::variants(&picture, settings)?;
    Ok(Rendered {
        width: picture.width,
        height: picture.height,
        source_format: picture.format,
        variants,
    })
}
