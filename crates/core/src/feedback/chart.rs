//! The weekly trend chart: a small SVG the clinic's numbers page shows as it is.
//!
//! It is accessible on its own (`role="img"`, a `<title>`, and a `<desc>` that says the numbers
//! in words), uses no external resources (no fonts, no scripts, no links), tells the two lines
//! apart by shape and dash as well as colour, and escapes every piece of text. The same weeks
//! always give the same bytes.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use crate::api::feedback::WeekScores;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 616.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 264.0;
const EASE_COLOUR: &str = "#0b6e4f";
const OVERALL_COLOUR: &str = "#1d4ed8";

/// Draws the weekly averages of `ease` and `overall` (1–5) as an SVG line chart, with its words
/// in `lang`.
pub fn trend_svg(weeks: &[WeekScores], lang: crate::Language) -> String {
    let es = lang == crate::Language::Es;
    let w = |en: &'static str, sp: &'static str| if es { sp } else { en };
    let title = w("Patient scores by week", "Puntajes de pacientes por semana");
    let ease_name = w("Ease of booking", "Facilidad para hacer la cita");
    let overall_name = w("Overall visit", "Visita en general");

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="pp-trend-title pp-trend-desc" font-family="sans-serif" font-size="12">"#
    );
    let _ = write!(
        svg,
        r#"<title id="pp-trend-title">{}</title>"#,
        escape(title)
    );
    let _ = write!(
        svg,
        r#"<desc id="pp-trend-desc">{}</desc>"#,
        escape(&describe(weeks, es, ease_name, overall_name))
    );
    svg.push_str(r##"<rect x="0" y="0" width="640" height="320" fill="#ffffff"/>"##);

    // Y axis: scores 1 to 5, with grid lines.
    for score in 1..=5 {
        let y = y_of(f64::from(score));
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" stroke="#d0d5dd" stroke-width="1"/><text x="{}" y="{}" text-anchor="end" fill="#333333">{score}</text>"##,
            LEFT - 8.0,
            y + 4.0
        );
    }
    let _ = write!(
        svg,
        r##"<text x="16" y="{}" transform="rotate(-90 16 {})" text-anchor="middle" fill="#333333">{}</text>"##,
        (TOP + BOTTOM) / 2.0,
        (TOP + BOTTOM) / 2.0,
        escape(w("Average score (1 to 5)", "Puntaje promedio (1 a 5)"))
    );

    // X axis: week starts, at most 8 labels.
    let step = weeks.len().div_ceil(8).max(1);
    for (i, week) in weeks.iter().enumerate() {
        if i % step == 0 {
            let label = NaiveDate::parse_from_str(&week.week_start, "%Y-%m-%d")
                .map(|d| short_date(d, es))
                .unwrap_or_else(|_| week.week_start.clone());
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" text-anchor="middle" fill="#333333">{}</text>"##,
                x_of(i, weeks.len()),
                BOTTOM + 18.0,
                escape(&label)
            );
        }
    }
    let _ = write!(
        svg,
        r##"<text x="{}" y="{}" text-anchor="middle" fill="#333333">{}</text>"##,
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 40.0,
        escape(w("Week starting", "Semana que empieza"))
    );

    // Legend.
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="24" x2="{}" y2="24" stroke="{EASE_COLOUR}" stroke-width="3"/><circle cx="{}" cy="24" r="4" fill="{EASE_COLOUR}"/><text x="{}" y="28" fill="#333333">{}</text>"##,
        LEFT + 28.0,
        LEFT + 14.0,
        LEFT + 36.0,
        escape(ease_name)
    );
    let _ = write!(
        svg,
        r##"<line x1="{}" y1="24" x2="{}" y2="24" stroke="{OVERALL_COLOUR}" stroke-width="3" stroke-dasharray="6 4"/><rect x="{}" y="20" width="8" height="8" fill="{OVERALL_COLOUR}"/><text x="{}" y="28" fill="#333333">{}</text>"##,
        LEFT + 260.0,
        LEFT + 288.0,
        LEFT + 270.0,
        LEFT + 296.0,
        escape(overall_name)
    );

    if weeks
        .iter()
        .all(|w| w.ease_avg.is_none() && w.overall_avg.is_none())
    {
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle" fill="#333333">{}</text>"##,
            (LEFT + RIGHT) / 2.0,
            (TOP + BOTTOM) / 2.0,
            escape(w("No answers yet.", "Todavía no hay respuestas."))
        );
    }
    series(
        &mut svg,
        weeks,
        |w| w.ease_avg,
        EASE_COLOUR,
        "",
        Marker::Circle,
    );
    series(
        &mut svg,
        weeks,
        |w| w.overall_avg,
        OVERALL_COLOUR,
        r#" stroke-dasharray="6 4""#,
        Marker::Square,
    );
    svg.push_str("</svg>");
    svg
}

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
}

fn series(
    svg: &mut String,
    weeks: &[WeekScores],
    value: impl Fn(&WeekScores) -> Option<f64>,
    colour: &str,
    dash: &str,
    marker: Marker,
) {
    let mut path = String::new();
    let mut pen_down = false;
    let mut marks = String::new();
    for (i, week) in weeks.iter().enumerate() {
        match value(week) {
            Some(v) => {
                let (x, y) = (x_of(i, weeks.len()), y_of(v.clamp(1.0, 5.0)));
                let _ = write!(path, "{}{x:.1} {y:.1} ", if pen_down { "L" } else { "M" });
                pen_down = true;
                let _ = match marker {
                    Marker::Circle => write!(
                        marks,
                        r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{colour}"/>"#
                    ),
                    Marker::Square => {
                        write!(
                            marks,
                            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8" fill="{colour}"/>"#,
                            x - 4.0,
                            y - 4.0
                        )
                    }
                };
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(
            svg,
            r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>"#,
            path.trim_end()
        );
    }
    svg.push_str(&marks);
}

fn x_of(i: usize, n: usize) -> f64 {
    if n <= 1 {
        (LEFT + RIGHT) / 2.0
    } else {
        let pad = 16.0;
        LEFT + pad + (RIGHT - LEFT - 2.0 * pad) * i as f64 / (n - 1) as f64
    }
}

fn y_of(score: f64) -> f64 {
    BOTTOM - (score - 1.0) / 4.0 * (BOTTOM - TOP)
}

fn short_date(d: NaiveDate, es: bool) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const ES: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    let m = d.month0() as usize;
    if es {
        format!("{} {}", d.day(), ES[m])
    } else {
        format!("{} {}", EN[m], d.day())
    }
}

/// The numbers in words, for people who cannot see the chart.
fn describe(weeks: &[WeekScores], es: bool, ease_name: &str, overall_name: &str) -> String {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return if es {
            "Todavía no hay respuestas.".into()
        } else {
            "No answers yet.".into()
        };
    };
    let answers: u32 = weeks.iter().map(|w| w.responses).sum();
    let date = |w: &WeekScores| match NaiveDate::parse_from_str(&w.week_start, "%Y-%m-%d") {
        Ok(d) if es => format!("{} de {}", short_date(d, true), d.year()),
        Ok(d) => format!("{}, {}", short_date(d, false), d.year()),
        Err(_) => w.week_start.clone(),
    };
    let mut out = if es {
        format!(
            "Puntajes promedio de 1 a 5, por semana, del {} al {}. {} respuestas en total.",
            date(first),
            date(last),
            answers
        )
    } else {
        format!(
            "Average scores from 1 to 5, by week, from {} to {}. {} answers in all.",
            date(first),
            date(last),
            answers
        )
    };
    for (name, value) in [
        (
            ease_name,
            (|w: &WeekScores| w.ease_avg) as fn(&WeekScores) -> Option<f64>,
        ),
        (overall_name, |w| w.overall_avg),
    ] {
        let known: Vec<f64> = weeks.iter().filter_map(value).collect();
        match (known.first(), known.last()) {
            (Some(a), Some(b)) if es => {
                let _ = write!(out, " {name}: {a:.1} la primera semana, {b:.1} la última.");
            }
            (Some(a), Some(b)) => {
                let _ = write!(out, " {name}: {a:.1} the first week, {b:.1} the last week.");
            }
            _ if es => {
                let _ = write!(out, " {name}: sin respuestas.");
            }
            _ => {
                let _ = write!(out, " {name}: no answers.");
            }
        }
    }
    out
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}
