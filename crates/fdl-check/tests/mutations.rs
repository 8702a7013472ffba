//! Every fixture, broken in many small ways (a character deleted, a quote, colon, dash, tab
//! or line break inserted, a line duplicated or cut short): the checker never panics, and every
//! diagnostic and fix points inside the text, on character boundaries.

use fdl_check::check_source;

mod support;
use support::{Rng, assert_spans_valid};

fn mutate(text: &str, rng: &mut Rng) -> String {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let at = boundaries[rng.below(boundaries.len())];
    let mut out = String::with_capacity(text.len() + 8);
    match rng.below(7) {
        0 => {
            // Delete one character.
            let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            out.push_str(&text[..at]);
            out.push_str(&text[next..]);
        }
        1..=3 => {
            let insert = [
                "\"", "'", ":", "- ", "\t", "\n", "[", "{", "&a ", "*a", "#", "  ", "$.", "}",
            ];
            out.push_str(&text[..at]);
            out.push_str(insert[rng.below(insert.len())]);
            out.push_str(&text[at..]);
        }
        4 => {
            // Duplicate the line holding `at`.
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            out.push_str(&text[..end]);
            out.push_str(&text[start..end]);
            out.push_str(&text[end..]);
        }
        5 => {
            // Cut the line short at `at`.
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            out.push_str(&text[..at]);
            out.push_str(&text[end..]);
        }
        _ => out.push_str(&text[..at]),
    }
    out
}

#[test]
fn broken_fixtures_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/valid");
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(dir)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for round in 0..40 {
            let mut broken = mutate(&text, &mut rng);
            if round % 3 == 0 {
                broken = mutate(&broken, &mut rng);
            }
            let diagnostics = check_source(&broken);
            assert_spans_valid(
                &broken,
                &diagnostics,
                &format!("{} round {round}", path.display()),
            );
        }
    }
}
