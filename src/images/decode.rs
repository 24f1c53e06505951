//! From the source's bytes to upright 8-bit pixels, with the limits checked
//! first: the file size before anything is read, the dimensions from the
//! header before a pixel is decoded, so a decompression bomb never
//! allocates its pixels.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, metadata::Orientation};

use super::{Format, ImageError, Settings, sniff};

/// A decoded, upright source: RGB8, or RGBA8 when it has alpha.
pub(super) struct Picture {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) format: Format,
    pub(super) alpha: bool,
    pub(super) pixels: Vec<u8>,
}

pub(super) fn decode(bytes: &[u8], settings: &Settings) -> Result<Picture, ImageError> {
    let size = bytes.len() as u64;
    if size > settings.max_bytes {
        return Err(ImageError::TooBig {
            bytes: size,
            limit: settings.max_bytes,
        });
    }
    let format = sniff(bytes).ok_or(ImageError::Unsupported)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(format));
    reader.limits(limits(settings));
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > settings.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            limit: settings.max_pixels,
        });
    }
    if pixels == 0 {
        return Err(ImageError::Damaged("it has no pixels".to_string()));
    }
    // zune-jpeg paints the missing part of a cut-short JPEG grey rather
    // than failing: a half-transferred photo must not be published so.
    if format == Format::Jpeg && jpeg_cut_short(bytes) {
        return Err(ImageError::Damaged(
            "the JPEG data ends before its end-of-image marker".to_string(),
        ));
    }
    // A broken Exif block is no reason to refuse the picture: it is then
    // shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha();
    let (width, height) = (image.width(), image.height());
    let pixels = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Picture {
        width,
        height,
        format,
        alpha,
        pixels,
    })
}

fn image_format(format: Format) -> image::ImageFormat {
    match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::Webp => image::ImageFormat::WebP,
    }
}

/// The decoder's own guards, behind the check of the pixel count: no side
/// longer than the most pixels allowed, and no buffer bigger than those
/// pixels at 16-bit RGBA (8 bytes a pixel) with some room for the
/// decoder's tables.
fn limits(settings: &Settings) -> Limits {
    let side = u32::try_from(settings.max_pixels).unwrap_or(u32::MAX);
    let mut limits = Limits::default();
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    limits.max_alloc = Some(
        settings
            .max_pixels
            .saturating_mul(8)
            .saturating_add(64 * 1024 * 1024),
    );
    limits
}

/// Whether a JPEG's bytes run out before its end-of-image marker. The
/// segments are skipped by their lengths (so a thumbnail inside the Exif
/// segment is not taken for the picture) and each scan's data up to the
/// next marker; a stream that is malformed in another way is left to the
/// decoder.
fn jpeg_cut_short(bytes: &[u8]) -> bool {
    const END_OF_IMAGE: u8 = 0xD9;
    const START_OF_SCAN: u8 = 0xDA;
    let is_restart = |marker: u8| (0xD0..=0xD7).contains(&marker);
    // After the start-of-image marker.
    let mut at = 2;
    loop {
        let Some(&[first, marker]) = bytes.get(at..at + 2) else {
            return true;
        };
        if first != 0xFF {
            return false;
        }
        match marker {
            END_OF_IMAGE => return false,
            // A fill byte before a marker.
            0xFF => at += 1,
            // Markers without a segment.
            0x01 => at += 2,
            marker if is_restart(marker) => at += 2,
            _ => {
                let Some(&[high, low]) = bytes.get(at + 2..at + 4) else {
                    return true;
                };
                at += 2 + usize::from(u16::from_be_bytes([high, low]));
                if marker == START_OF_SCAN {
                    // The entropy-coded data: a 0xFF in it is followed by
                    // a stuffed zero, a restart marker or a fill byte; any
                    // other marker ends it.
                    loop {
                        match bytes.get(at..at + 2) {
                            None => return true,
                            Some(&[0xFF, next]) if next == 0 || is_restart(next) => at += 2,
                            Some(&[0xFF, 0xFF]) => at += 1,
                            Some(&[0xFF, _]) => break,
                            Some(_) => at += 1,
                        }
                    }
                }
            }
        }
    }
}

/// A decoder's error as the writer can act on it.
fn unreadable(error: image::ImageError) -> ImageError {
    match error {
        image::ImageError::Unsupported(_) => ImageError::Unsupported,
        image::ImageError::Limits(limit) => ImageError::Limits(limit.to_string()),
        other => ImageError::Damaged(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures;
    use super::jpeg_cut_short;

    #[test]
    fn a_jpeg_is_cut_short_when_its_end_marker_is_missing() {
        let photo = fixtures::photo_jpeg(64, 48);
        assert!(!jpeg_cut_short(&photo));
        let rotated = fixtures::rotated_jpeg();
        assert!(!jpeg_cut_short(&rotated));
        let mut trailing = photo.clone();
        trailing.extend_from_slice(b"trailing bytes some cameras add");
        assert!(!jpeg_cut_short(&trailing));
        for cut in [
            3,
            10,
            200,
            photo.len() / 2,
            photo.len() - 2,
            photo.len() - 1,
        ] {
            assert!(jpeg_cut_short(&photo[..cut]), "cut at {cut}");
        }
        assert!(jpeg_cut_short(&rotated[..rotated.len() - 2]));
    }
}
