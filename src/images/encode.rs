//! From an upright picture to its variants: resized with
//! `fast_image_resize` (Lanczos3, alpha premultiplied while it filters),
//! encoded as JPEG (`jpeg-encoder`: progressive with optimised Huffman
//! tables), PNG (`image`) and lossy WebP (libwebp through `webp`, at its
//! default method 4).

use fast_image_resize::{
    FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
    images::{Image, ImageRef},
};
use image::ImageEncoder;

use super::decode::Picture;
use super::{Crop, Format, ImageError, Settings, Variant};

/// Every variant of `picture`, in the order [`super::Rendered`] documents.
pub(super) fn variants(picture: &Picture, settings: &Settings) -> Result<Vec<Variant>, ImageError> {
    // JPEG for photographs (JPEG and opaque WebP sources), PNG for PNG
    // sources and for anything with alpha, which JPEG cannot carry.
    let family = if picture.alpha || picture.format == Format::Png {
        Format::Png
    } else {
        Format::Jpeg
    };
    let crop_format = if picture.alpha {
        Format::Png
    } else {
        Format::Jpeg
    };
    let quality = settings.quality.clamp(1, 100);
    let mut resizer = Resizer::new();
    let mut variants = Vec::new();
    let whole = Frame {
        left: 0,
        top: 0,
        width: picture.width,
        height: picture.height,
    };
    for width in widths(picture.width, &settings.widths) {
        let height = scaled(picture.height, width, picture.width);
        let resized = resize(&mut resizer, picture, whole, width, height)?;
        variants.push(encode(&resized, family, None, quality)?);
        if settings.webp {
            variants.push(encode(&resized, Format::Webp, None, quality)?);
        }
    }
    if settings.crop_width > 0 {
        for crop in Crop::ALL {
            let frame = centre(picture.width, picture.height, crop);
            let width = settings.crop_width.min(frame.width);
            let (ratio_width, ratio_height) = crop.ratio();
            let height = scaled(ratio_height, width, ratio_width);
            let resized = resize(&mut resizer, picture, frame, width, height)?;
            variants.push(encode(&resized, crop_format, Some(crop), quality)?);
        }
    }
    Ok(variants)
}

/// The widths to make for a source `source_width` wide: those of the
/// settings it can fill, narrowest first, or its own width when it is
/// narrower than all of them.
fn widths(source_width: u32, wanted: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = wanted
        .iter()
        .copied()
        .filter(|&width| width > 0 && width <= source_width)
        .collect();
    widths.sort_unstable();
    widths.dedup();
    if widths.is_empty() {
        widths.push(source_width);
    }
    widths
}

/// `length` scaled by `to / from`, rounded, at least 1.
fn scaled(length: u32, to: u32, from: u32) -> u32 {
    let exact = (u64::from(length) * u64::from(to) + u64::from(from) / 2) / u64::from(from.max(1));
    u32::try_from(exact).unwrap_or(u32::MAX).max(1)
}

/// A rectangle of the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Frame {
    left: u32,
    top: u32,
    width: u32,
    height: u32,
}

/// The largest rectangle of `crop`'s shape in the middle of the source.
fn centre(width: u32, height: u32, crop: Crop) -> Frame {
    let (ratio_width, ratio_height) = crop.ratio();
    let (frame_width, frame_height) = if u64::from(width) * u64::from(ratio_height)
        >= u64::from(height) * u64::from(ratio_width)
    {
        // Wider than the shape: the full height, the sides cut.
        (scaled(height, ratio_width, ratio_height).min(width), height)
    } else {
        (width, scaled(width, ratio_height, ratio_width).min(height))
    };
    Frame {
        left: (width - frame_width) / 2,
        top: (height - frame_height) / 2,
        width: frame_width,
        height: frame_height,
    }
}

/// Pixels made for one variant: RGB8, or RGBA8 with `alpha`.
struct Resized {
    width: u32,
    height: u32,
    alpha: bool,
    pixels: Vec<u8>,
}

/// The pixels of `frame` resized to `width` × `height`.
fn resize(
    resizer: &mut Resizer,
    picture: &Picture,
    frame: Frame,
    width: u32,
    height: u32,
) -> Result<Resized, ImageError> {
    let resized = |pixels| Resized {
        width,
        height,
        alpha: picture.alpha,
        pixels,
    };
    let whole = frame.width == picture.width && frame.height == picture.height;
    if whole && width == picture.width && height == picture.height {
        return Ok(resized(picture.pixels.clone()));
    }
    let failed = |reason: String| ImageError::Encoding {
        width,
        format: picture.format,
        reason,
    };
    let pixel_type = if picture.alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let source = ImageRef::new(picture.width, picture.height, &picture.pixels, pixel_type)
        .map_err(|error| failed(error.to_string()))?;
    let mut target = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(
            f64::from(frame.left),
            f64::from(frame.top),
            f64::from(frame.width),
            f64::from(frame.height),
        );
    resizer
        .resize(&source, &mut target, &options)
        .map_err(|error| failed(error.to_string()))?;
    Ok(resized(target.into_vec()))
}

/// One variant: `resized` encoded as `format`.
fn encode(
    resized: &Resized,
    format: Format,
    crop: Option<Crop>,
    quality: u8,
) -> Result<Variant, ImageError> {
    let Resized {
        width,
        height,
        alpha,
        ref pixels,
    } = *resized;
    let failed = |reason: String| ImageError::Encoding {
        width,
        format,
        reason,
    };
    let bytes = match format {
        Format::Jpeg => {
            let too_wide = || failed("JPEG is at most 65,535 pixels wide and high".to_string());
            let narrow_width = u16::try_from(width).map_err(|_| too_wide())?;
            let narrow_height = u16::try_from(height).map_err(|_| too_wide())?;
            let color = if alpha {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            let mut bytes = Vec::new();
            let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, quality);
            // A quarter smaller than plain tables. Not baseline with
            // optimised tables: zune-jpeg (0.5.15, the `image` decoder)
            // misreads those, though libjpeg reads them.
            encoder.set_progressive(true);
            encoder.set_optimized_huffman_tables(true);
            encoder
                .encode(pixels, narrow_width, narrow_height, color)
                .map_err(|error| failed(error.to_string()))?;
            bytes
        }
        Format::Png => {
            let color = if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            let mut bytes = Vec::new();
            image::codecs::png::PngEncoder::new(&mut bytes)
                .write_image(pixels, width, height, color)
                .map_err(|error| failed(error.to_string()))?;
            bytes
        }
        Format::Webp => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            encoder
                .encode_simple(false, f32::from(quality))
                .map_err(|error| failed(format!("{error:?}")))?
                .to_vec()
        }
    };
    Ok(Variant {
        width,
        height,
        format,
        crop,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale_and_fall_back_to_the_source_width() {
        assert_eq!(widths(1000, &[1600, 320, 640, 320]), vec![320, 640]);
        assert_eq!(widths(200, &[320, 640]), vec![200]);
        assert_eq!(widths(640, &[640, 0]), vec![640]);
    }

    #[test]
    fn crops_are_centred_and_of_their_shape() {
        assert_eq!(
            centre(2000, 1300, Crop::Wide),
            Frame {
                left: 0,
                top: 87,
                width: 2000,
                height: 1125
            }
        );
        assert_eq!(
            centre(2000, 1300, Crop::Standard),
            Frame {
                left: 133,
                top: 0,
                width: 1733,
                height: 1300
            }
        );
        assert_eq!(
            centre(300, 200, Crop::Square),
            Frame {
                left: 50,
                top: 0,
                width: 200,
                height: 200
            }
        );
        assert_eq!(
            centre(200, 300, Crop::Wide),
            Frame {
                left: 0,
                top: 93,
                width: 200,
                height: 113
            }
        );
    }
}
