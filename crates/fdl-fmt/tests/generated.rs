//! Property tests over generated flows (`fdl_bench::flow`) and messy variants of them: every
//! one formats without the guard tripping, and the result keeps the YAML data and the
//! comments, formats to itself and has clean lines.

use fdl_fmt::Options;

mod support;

use support::Rng;

fn check(text: &str, options: &Options, what: &str) {
    if let Err(e) = support::format_checked(text, options) {
        panic!("{what}: {e}\n--- input ---\n{text}");
    }
}

#[test]
fn generated_flows() {
    for seed in 0..120 {
        let bytes = 1500 + (seed as usize % 8) * 1200;
        let text = fdl_bench::flow(seed, bytes);
        check(
            &text,
            &Options::default(),
            &format!("flow({seed}, {bytes})"),
        );
        if seed % 4 == 0 {
            let options = Options {
                reorder_keys: false,
                line_width: 40,
            };
            check(
                &text,
                &options,
                &format!("flow({seed}, {bytes}) {options:?}"),
            );
        }
    }
}

#[test]
fn a_large_generated_flow() {
    let text = fdl_bench::flow_with_steps(7, 400);
    check(&text, &Options::default(), "flow_with_steps(7, 400)");
}

/// Doubles every line's indentation, writing `-   ` after each dash so that what follows it
/// lines up with the doubled indentation (a four-space style).
fn four_spaces(text: &str) -> String {
    text.lines()
        .map(|l| {
            let n = l.len() - l.trim_start_matches(' ').len();
            let mut rest = &l[n..];
            let mut dashes = String::new();
            while let Some(r) = rest.strip_prefix("- ") {
                dashes.push_str("-   ");
                rest = r;
            }
            format!("{}{dashes}{rest}\n", " ".repeat(n * 2))
        })
        .collect()
}

/// Writes block sequences that are values of a key without indentation (`key:\n- item`).
fn indentless(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    // (column of the key whose list is shifted, amount) for the lists being shifted.
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let n = l.len() - l.trim_start_matches(' ').len();
        if !l.trim().is_empty() {
            while shifts.last().is_some_and(|&(col, _)| n <= col) {
                shifts.pop();
            }
        }
        let shift: usize = shifts.last().map_or(0, |s| s.1);
        let n2 = n.saturating_sub(shift);
        out.push_str(&" ".repeat(n2));
        out.push_str(&l[n..]);
        out.push('\n');
        if l.trim_end().ends_with(':')
            && let Some(next) = lines.get(i + 1)
        {
            let m = next.len() - next.trim_start_matches(' ').len();
            if next[m..].starts_with("- ") && m == n + 2 {
                shifts.push((n, shift + 2));
            }
        }
    }
    out
}

/// Adds comments: trailing ones after plain values and own-line ones before keys and list
/// items, at random columns, and extra blank lines.
fn commented(text: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    let mut in_block_scalar: Option<usize> = None;
    for l in text.lines() {
        let n = l.len() - l.trim_start_matches(' ').len();
        if let Some(col) = in_block_scalar {
            if l.trim().is_empty() || n > col {
                out.push_str(l);
                out.push('\n');
                continue;
            }
            in_block_scalar = None;
        }
        let body = l.trim_end();
        if rng.below(5) == 0 && !body.is_empty() {
            let col = rng.below(n + 3);
            out.push_str(&format!("{}# note {}\n", " ".repeat(col), rng.below(1000)));
        }
        if rng.below(9) == 0 {
            out.push('\n');
        }
        out.push_str(body);
        let ends_scalar = body.ends_with('|') || body.ends_with("|-") || body.ends_with('>');
        if ends_scalar {
            in_block_scalar = Some(n);
        } else if rng.below(4) == 0
            && !body.is_empty()
            && !body.contains('#')
            && !body.contains('"')
            && !body.contains('\'')
        {
            out.push_str(&format!(
                "{}# trailing {}",
                " ".repeat(1 + rng.below(3)),
                rng.below(100)
            ));
        }
        out.push('\n');
    }
    out
}

#[test]
fn messy_variants_of_generated_flows() {
    let mut rng = Rng(42);
    let mut formatted_differently = 0;
    for seed in 0..40 {
        let text = fdl_bench::flow(1000 + seed, 3000);
        let variants = [
            ("four spaces", four_spaces(&text)),
            ("indentless lists", indentless(&text)),
            ("comments", commented(&text, &mut rng)),
            (
                "all three",
                commented(&indentless(&four_spaces(&text)), &mut rng),
            ),
        ];
        for (what, variant) in &variants {
            if support::has_syntax_errors(variant) {
                // The transformation produced something the YAML layer rejects (rare): not
                // a formatter case.
                continue;
            }
            let out = support::format_checked(variant, &Options::default())
                .unwrap_or_else(|e| panic!("seed {seed}, {what}: {e}\n--- input ---\n{variant}"));
            // Indentation is normalised: the messy layouts format like the original.
            if *what != "comments" && *what != "all three" {
                let original = fdl_fmt::format(&text, &Options::default()).unwrap();
                if out != original {
                    formatted_differently += 1;
                }
            }
        }
    }
    assert_eq!(
        formatted_differently, 0,
        "re-indented flows should format like the original"
    );
}

/// Range formatting agrees with whole-document formatting: after applying the replacement for
/// any range, formatting the whole document gives what it gives for the original.
#[test]
fn range_formatting_agrees_with_format() {
    let mut rng = Rng(7);
    let options = Options::default();
    for seed in 0..12 {
        let text = commented(&four_spaces(&fdl_bench::flow(2000 + seed, 2500)), &mut rng);
        if support::has_syntax_errors(&text) {
            continue;
        }
        let whole = fdl_fmt::format(&text, &options).unwrap();
        for _ in 0..15 {
            let a = rng.below(text.len());
            let b = (a + rng.below(400)).min(text.len());
            let (a, b) = (floor(&text, a), floor(&text, b));
            let Some(r) = fdl_fmt::format_range(&text, a..b, &options)
                .unwrap_or_else(|e| panic!("seed {seed}, {a}..{b}: {e}\n{text}"))
            else {
                continue;
            };
            let applied = format!(
                "{}{}{}",
                &text[..r.range.start],
                r.text,
                &text[r.range.end..]
            );
            let again = fdl_fmt::format(&applied, &options).unwrap();
            assert_eq!(again, whole, "seed {seed}, range {a}..{b}:\n{applied}");
        }
    }
}

fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
