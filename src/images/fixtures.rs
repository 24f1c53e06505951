//! Test images made by code, so no binary file is kept in the repository:
//! for the unit tests of `images` and, through `newsgen::image_fixtures`,
//! for the integration tests that build sites with pictures.
//!
//! They encode fixed pixels into memory, which cannot fail; an encoder's
//! error here is a bug in the fixture, hence the `expect`s.
#![allow(clippy::expect_used)]

use image::ImageEncoder;

/// The pixels of a photograph-like picture (RGB8): smooth gradients with
/// ripples and a little grain, so it compresses like a photo.
pub fn photo_pixels(width: u32, height: u32) -> Vec<u8> {
    photo_pixels_seeded(width, height, 0)
}

/// [`photo_pixels`] with its ripples moved by `seed`: a different picture
/// (and different bytes) for each seed, as a corpus of photos needs.
pub fn photo_pixels_seeded(width: u32, height: u32, seed: u64) -> Vec<u8> {
    // Mixed, so nearby seeds give unrelated phases (and no two of the
    // first millions the same picture).
    let mixed = seed.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    let phase = mixed as f32 / 997.0;
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        for x in 0..width {
            let across = x as f32 / width.max(1) as f32;
            let down = y as f32 / height.max(1) as f32;
            let ripple =
                ((x as f32 * 0.05 + phase).sin() * (y as f32 * 0.03 - phase).cos() * 20.0) as i32;
            let grain = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 27) as i32;
            let level = |value: f32| (value * 255.0) as i32;
            for channel in [
                level(across) + ripple + grain,
                level(down) - ripple + grain,
                level(1.0 - across * down) + grain,
            ] {
                pixels.push(channel.clamp(0, 255) as u8);
            }
        }
    }
    pixels
}

/// A photograph-like JPEG (at most 65,535 pixels a side).
pub fn photo_jpeg(width: u32, height: u32) -> Vec<u8> {
    jpeg(
        &photo_pixels(width, height),
        width,
        height,
        jpeg_encoder::ColorType::Rgb,
        None,
    )
}

/// A photograph-like JPEG that differs with `seed`.
pub fn photo_jpeg_seeded(width: u32, height: u32, seed: u64) -> Vec<u8> {
    jpeg(
        &photo_pixels_seeded(width, height, seed),
        width,
        height,
        jpeg_encoder::ColorType::Rgb,
        None,
    )
}

/// A photograph-like lossy WebP.
pub fn photo_webp(width: u32, height: u32) -> Vec<u8> {
    let pixels = photo_pixels(width, height);
    webp::Encoder::from_rgb(&pixels, width, height)
        .encode_simple(false, 90.0)
        .expect("a WebP of fixed pixels")
        .to_vec()
}

/// An RGBA PNG: opaque red at the top, fading to fully transparent at the
/// bottom, with a blue gradient across.
pub fn transparent_png(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity(width as usize * height as usize * 4);
    for y in 0..height {
        for x in 0..width {
            let blue = (x * 255 / width.max(1)) as u8;
            let alpha = 255 - (y * 255 / height.saturating_sub(1).max(1)) as u8;
            pixels.extend_from_slice(&[255, 0, blue, alpha]);
        }
    }
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgba8)
        .expect("a PNG of fixed pixels");
    bytes
}

/// A CMYK JPEG (Adobe's inverted CMYK, as Photoshop writes it) of one
/// colour: `[c, m, y, k]` with 255 for full ink, so `[0, 255, 255, 0]`
/// is red.
pub fn cmyk_jpeg(width: u32, height: u32, cmyk: [u8; 4]) -> Vec<u8> {
    let pixels = cmyk.repeat(width as usize * height as usize);
    jpeg(&pixels, width, height, jpeg_encoder::ColorType::Cmyk, None)
}

/// A JPEG stored 300×200 (left half red, right half blue) with the Exif
/// orientation 6 (turn 90° clockwise to view): upright it is 200×300 with
/// red on top and blue below.
pub fn rotated_jpeg() -> Vec<u8> {
    let (width, height) = (300u32, 200u32);
    let mut pixels = Vec::with_capacity(300 * 200 * 3);
    for _ in 0..height {
        for x in 0..width {
            let colour = if x < width / 2 {
                [255, 0, 0]
            } else {
                [0, 0, 255]
            };
            pixels.extend_from_slice(&colour);
        }
    }
    // Exif, then a big-endian TIFF header and one IFD with one entry:
    // Orientation (0x0112), SHORT, 1 value: 6.
    let exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
    jpeg(
        &pixels,
        width,
        height,
        jpeg_encoder::ColorType::Rgb,
        Some(exif.to_vec()),
    )
}

/// The first half of a photograph-like JPEG.
pub fn truncated_jpeg() -> Vec<u8> {
    let mut bytes = photo_jpeg(400, 300);
    bytes.truncate(bytes.len() / 2);
    bytes
}

/// `length` bytes of noise, the same for the same `seed`.
pub fn noise(length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    (0..length)
        .map(|_| {
            // xorshift64
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A PNG whose header claims `width` × `height` RGB pixels, with hardly
/// any data behind it: a decompression bomb's shape.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits, RGB, deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut bytes, b"IHDR", &header);
    // An empty zlib stream.
    png_chunk(
        &mut bytes,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    png_chunk(&mut bytes, b"IEND", &[]);
    bytes
}

/// A palette PNG (colour type 3, 8 bits): left half red, right half
/// green.
pub fn palette_png(width: u32, height: u32) -> Vec<u8> {
    let row: Vec<u8> = (0..width).map(|x| u8::from(x >= width / 2)).collect();
    let palette = [255, 0, 0, 0, 255, 0];
    hand_made_png(width, height, 3, 8, Some(&palette), &row)
}

/// A 16-bit RGB PNG of one colour, `[r, g, b]` from 0 to 65,535.
pub fn deep_png(width: u32, height: u32, rgb: [u16; 3]) -> Vec<u8> {
    let row: Vec<u8> = (0..width)
        .flat_map(|_| rgb.iter().flat_map(|channel| channel.to_be_bytes()))
        .collect();
    hand_made_png(width, height, 2, 16, None, &row)
}

/// A PNG written by hand (every row the same `row`, stored without
/// compression), for the colour types `image`'s encoder does not write.
fn hand_made_png(
    width: u32,
    height: u32,
    color_type: u8,
    bit_depth: u8,
    palette: Option<&[u8]>,
    row: &[u8],
) -> Vec<u8> {
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[bit_depth, color_type, 0, 0, 0]);
    let mut raw = Vec::new();
    for _ in 0..height {
        // Filter type 0 (none), then the row.
        raw.push(0);
        raw.extend_from_slice(row);
    }
    // A zlib stream of stored deflate blocks.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (index, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(index + 1 == blocks.len()));
        let length = u16::try_from(block.len()).expect("a block of at most 65,535 bytes");
        zlib.extend_from_slice(&length.to_le_bytes());
        zlib.extend_from_slice(&(!length).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut bytes, b"IHDR", &header);
    if let Some(palette) = palette {
        png_chunk(&mut bytes, b"PLTE", palette);
    }
    png_chunk(&mut bytes, b"IDAT", &zlib);
    png_chunk(&mut bytes, b"IEND", &[]);
    bytes
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// A small JPEG whose frame header claims `width` × `height` pixels.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = photo_jpeg(16, 16);
    // The start-of-frame segment: marker, length, precision, then height
    // and width.
    let frame = bytes
        .windows(2)
        .position(|pair| pair == [0xFF, 0xC0] || pair == [0xFF, 0xC2])
        .expect("a frame header in the fixture");
    bytes[frame + 5..frame + 7].copy_from_slice(&height.to_be_bytes());
    bytes[frame + 7..frame + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

fn png_chunk(bytes: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let length = u32::try_from(data.len()).expect("a small chunk");
    bytes.extend_from_slice(&length.to_be_bytes());
    let start = bytes.len();
    bytes.extend_from_slice(kind);
    bytes.extend_from_slice(data);
    let crc = crc32(&bytes[start..]);
    bytes.extend_from_slice(&crc.to_be_bytes());
}

/// The CRC-32 of PNG chunks (and of zlib's gzip cousin).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

fn jpeg(
    pixels: &[u8],
    width: u32,
    height: u32,
    color: jpeg_encoder::ColorType,
    app1: Option<Vec<u8>>,
) -> Vec<u8> {
    let width = u16::try_from(width).expect("a JPEG fixture at most 65,535 pixels wide");
    let height = u16::try_from(height).expect("a JPEG fixture at most 65,535 pixels high");
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, 90);
    if let Some(segment) = app1 {
        encoder
            .add_app_segment(1, segment)
            .expect("a small APP1 segment");
    }
    encoder
        .encode(pixels, width, height, color)
        .expect("a JPEG of fixed pixels");
    bytes
}
