//! Tests of the parent module.

use super::*;

fn canvas(width: usize, height: usize) -> Vec<u8> {
    [255u8, 255, 255, 255].repeat(width * height)
}

fn black(a: [f32; 2], b: [f32; 2], width: f32, pattern: Pattern) -> Line {
    Line {
        a,
        b,
        width,
        color: [0.0; 3],
        alpha: 1.0,
        pattern,
    }
}

fn draw(data: &mut [u8], w: usize, h: usize, lines: &[Line], threads: usize) {
    draw_clipped(data, w, h, lines, [0.0, 0.0, w as f32, h as f32], threads);
}

fn draw_clipped(data: &mut [u8], w: usize, h: usize, lines: &[Line], clip: Clip, threads: usize) {
    let canvas = Canvas {
        data,
        width: w,
        height: h,
    };
    stroke_lines(canvas, lines, clip, None, threads);
}

/// Ink (0–1 per pixel, summed) the lines leave on white.
fn ink(data: &[u8]) -> f32 {
    data.chunks(4).map(|p| 1.0 - f32::from(p[0]) / 255.0).sum()
}

#[test]
fn a_solid_line_covers_its_area() {
    let (w, h) = (100, 40);
    let mut data = canvas(w, h);
    draw(
        &mut data,
        w,
        h,
        &[black([10.0, 20.0], [90.0, 20.0], 3.0, Pattern::Solid)],
        1,
    );
    assert!((ink(&data) - 240.0).abs() < 1.0, "ink {}", ink(&data));
    // Centre row fully black, far rows untouched.
    assert_eq!(data[(20 * w + 50) * 4], 0);
    assert_eq!(data[(5 * w + 50) * 4], 255);
    // Diagonal: the same area whatever the angle (within anti-aliasing error).
    let mut diagonal = canvas(w, w);
    draw(
        &mut diagonal,
        w,
        w,
        &[black([10.0, 10.0], [66.57, 66.57], 3.0, Pattern::Solid)],
        1,
    );
    assert!(
        (ink(&diagonal) - 240.0).abs() < 6.0,
        "ink {}",
        ink(&diagonal)
    );
}

#[test]
fn dashes_leave_gaps_and_dots_are_round() {
    let (w, h) = (200, 20);
    let mut dashed = canvas(w, h);
    let pattern = Pattern::Dashed { on: 8.0, off: 4.0 };
    draw(
        &mut dashed,
        w,
        h,
        &[black([0.0, 10.0], [120.0, 10.0], 2.0, pattern)],
        1,
    );
    // 10 dashes of 8 × 2 pixels.
    assert!((ink(&dashed) - 160.0).abs() < 1.0, "ink {}", ink(&dashed));
    assert_eq!(dashed[(10 * w + 4) * 4], 0, "inside the first dash");
    assert_eq!(dashed[(10 * w + 10) * 4], 255, "inside the first gap");

    let mut dots = canvas(w, h);
    let pattern = Pattern::Dots { period: 10.0 };
    draw(
        &mut dots,
        w,
        h,
        &[black([5.0, 10.0], [105.0, 10.0], 4.0, pattern)],
        1,
    );
    // 11 dots of radius 2 (area ≈ 12.6 each).
    let expected = 11.0 * std::f32::consts::PI * 4.0;
    assert!((ink(&dots) - expected).abs() < 8.0, "ink {}", ink(&dots));
}

#[test]
fn translucent_lines_blend_in_order_and_threads_change_nothing() {
    let (w, h) = (300, 300);
    let lines: Vec<Line> = (0..40)
        .map(|i| Line {
            a: [(i * 7) as f32, 0.0],
            b: [300.0 - (i * 5) as f32, 299.0],
            width: 1.0 + (i % 4) as f32,
            color: [(i * 6) as f32, 100.0, 200.0],
            alpha: 0.6,
            pattern: match i % 3 {
                0 => Pattern::Solid,
                1 => Pattern::Dashed { on: 6.0, off: 3.0 },
                _ => Pattern::Dots { period: 7.0 },
            },
        })
        .collect();
    let mut one = canvas(w, h);
    draw(&mut one, w, h, &lines, 1);
    let mut three = canvas(w, h);
    draw(&mut three, w, h, &lines, 3);
    assert_eq!(one, three);
    assert!(ink(&one) > 1000.0);
}

#[test]
fn the_clip_is_respected() {
    let (w, h) = (100, 100);
    let mut data = canvas(w, h);
    draw_clipped(
        &mut data,
        w,
        h,
        &[black([0.0, 50.0], [100.0, 50.0], 4.0, Pattern::Solid)],
        [20.0, 0.0, 60.0, 100.0],
        2,
    );
    assert_eq!(data[(50 * w + 10) * 4], 255);
    assert_eq!(data[(50 * w + 30) * 4], 0);
    assert_eq!(data[(50 * w + 70) * 4], 255);
}

#[test]
fn a_fractional_clip_keeps_the_pixels_whose_centres_are_inside() {
    let (w, h) = (100, 100);
    let mut data = canvas(w, h);
    // A wide vertical band and a wide horizontal band fill everything they cover.
    draw_clipped(
        &mut data,
        w,
        h,
        &[
            black([50.0, 0.0], [50.0, 100.0], 100.0, Pattern::Solid),
            black([0.0, 50.0], [100.0, 50.0], 100.0, Pattern::Solid),
        ],
        [20.7, 10.2, 60.3, 80.8],
        2,
    );
    let ink_at = |x: usize, y: usize| data[(y * w + x) * 4] < 128;
    // Columns 20 (centre 20.5) out, 21 in; 59 (59.5) in, 60 (60.5) out.
    assert!(!ink_at(20, 50) && ink_at(21, 50));
    assert!(ink_at(59, 50) && !ink_at(60, 50));
    // Rows 9 (9.5) out, 10 (10.5) in; 80 (80.5) in, 81 (81.5) out.
    assert!(!ink_at(40, 9) && ink_at(40, 10));
    assert!(ink_at(40, 80) && !ink_at(40, 81));
}

/// The coverage model pixel by pixel over the whole canvas, in floating point: what the
/// spans and the four-pixel groups must reproduce.
fn reference(data: &mut [u8], w: usize, lines: &[Line], clip: Clip) {
    let overlap = |lo: f32, hi: f32, a: f32, b: f32| (hi.min(b) - lo.max(a)).max(0.0);
    for line in lines {
        let (dx, dy) = (line.b[0] - line.a[0], line.b[1] - line.a[1]);
        let length = dx.hypot(dy);
        let (ux, uy) = if length > 1e-4 {
            (dx / length, dy / length)
        } else {
            (1.0, 0.0)
        };
        let half = line.width / 2.0;
        for (i, pixel) in data.chunks_exact_mut(4).enumerate() {
            let (cx, cy) = ((i % w) as f32 + 0.5, (i / w) as f32 + 0.5);
            if cx < clip[0] || cx >= clip[2] || cy < clip[1] || cy >= clip[3] {
                continue;
            }
            let (px, py) = (cx - line.a[0], cy - line.a[1]);
            let (t, d) = (ux * px + uy * py, (uy * px - ux * py).abs());
            let across = overlap(d - 0.5, d + 0.5, -half, half);
            let covered = match line.pattern {
                Pattern::Solid => across * overlap(t - 0.5, t + 0.5, 0.0, length),
                Pattern::Dashed { on, off } => {
                    let period = on + off;
                    let along: f32 = (-1..=(length / period) as i32 + 1)
                        .map(|k| {
                            let start = k as f32 * period;
                            overlap(t - 0.5, t + 0.5, start.max(0.0), (start + on).min(length))
                        })
                        .sum();
                    across * along.min(1.0)
                }
                Pattern::Dots { period } => {
                    let k = (t / period).round().clamp(0.0, (length / period).floor());
                    let off = t - k * period;
                    (half + 0.5 - off.hypot(d)).clamp(0.0, 1.0)
                }
            };
            let opacity = line.alpha * covered;
            for (channel, value) in pixel.iter_mut().zip(line.color.iter().chain(&[255.0])) {
                *channel = (f32::from(*channel) * (1.0 - opacity) + value * opacity).round() as u8;
            }
        }
    }
}

#[test]
fn every_angle_pattern_and_clip_matches_the_pixel_by_pixel_reference() {
    let (w, h) = (97, 83);
    let mut lines = Vec::new();
    for i in 0..48 {
        let angle = i as f32 * 0.1309 + 0.01;
        let (s, c) = angle.sin_cos();
        let centre = [48.3 + (i % 5) as f32 * 0.37, 41.7 - (i % 3) as f32 * 0.29];
        let reach = 20.0 + (i % 7) as f32 * 6.0;
        lines.push(Line {
            a: [centre[0] - c * reach, centre[1] - s * reach],
            b: [centre[0] + c * reach * 0.8, centre[1] + s * reach * 0.8],
            width: [0.6, 1.2, 2.4, 3.36, 7.0][i % 5],
            color: [(i * 5) as f32, 200.0 - (i * 3) as f32, 90.0],
            alpha: 0.35,
            pattern: match i % 3 {
                0 => Pattern::Solid,
                1 => Pattern::Dashed { on: 6.0, off: 3.5 },
                _ => Pattern::Dots { period: 5.3 },
            },
        });
    }
    for clip in [[0.0, 0.0, w as f32, h as f32], [3.3, 7.6, 61.2, 70.1]] {
        let mut ours = canvas(w, h);
        draw_clipped(&mut ours, w, h, &lines, clip, 2);
        let mut expected = canvas(w, h);
        reference(&mut expected, w, &lines, clip);
        let worst = ours
            .iter()
            .zip(&expected)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap_or(0);
        // Measured 5: fixed-point blending truncates, and up to 48 translucent lines
        // overlap. Leaving out the last pixels before the clip gives 58.
        assert!(worst <= 8, "a channel differs by {worst}");
    }
}

#[test]
fn a_zero_length_dotted_line_is_one_dot() {
    let (w, h) = (20, 20);
    let mut data = canvas(w, h);
    draw(
        &mut data,
        w,
        h,
        &[black(
            [10.0, 10.0],
            [10.0, 10.0],
            4.0,
            Pattern::Dots { period: 6.0 },
        )],
        1,
    );
    let expected = std::f32::consts::PI * 4.0;
    assert!((ink(&data) - expected).abs() < 1.5, "ink {}", ink(&data));
    // A zero-length solid line draws nothing (SVG's butt caps).
    let mut solid = canvas(w, h);
    draw(
        &mut solid,
        w,
        h,
        &[black([10.0, 10.0], [10.0, 10.0], 4.0, Pattern::Solid)],
        1,
    );
    assert!(ink(&solid) < 1e-3);
}
