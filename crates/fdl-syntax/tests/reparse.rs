//! `reparse` must give exactly what `parse` gives. Random edits (deterministic) over every
//! fixture and over hand-written texts with the awkward YAML forms, then one test per reason
//! for falling back to a full parse.

use std::path::{Path, PathBuf};

use fdl_syntax::{Change, MAX_DEPTH, Parsed, SyntaxErrorKind, parse, reparse};

/// splitmix64: small, deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces inserted by random edits: YAML syntax, white space, line breaks, letters, CJK.
const PIECES: &[&str] = &[
    "-", " ", ":", "#", "\"", "'", "|", ">", "[", "]", "{", "}", "&", "*", "!", ",", "?", "\n",
    "\r\n", "\t", "  ", "- ", ": ", " #", "a", "x", "Z", "0", "7", "名", "字", "é", "\\", "%",
    "---", "&a ", "*a", "!t ", "|\n", ">-\n", "\n  ", "\n- ", "\n    ", "\r", "\u{feff}", "...",
];

/// Compares field by field, so a failure names what differs.
fn assert_same(got: &Parsed, want: &Parsed, context: &dyn Fn() -> String) {
    assert_eq!(
        got.document_count,
        want.document_count,
        "document_count\n{}",
        context()
    );
    assert_eq!(got.errors, want.errors, "errors\n{}", context());
    assert_eq!(got.skipped, want.skipped, "skipped\n{}", context());
    assert_eq!(got.comments, want.comments, "comments\n{}", context());
    if got.root != want.root {
        let (g, w) = (flat(&got.root), flat(&want.root));
        let i = g.iter().zip(&w).take_while(|(a, b)| a == b).count();
        panic!(
            "root differs at node {i}\n{}\ngot  {:?}\nwant {:?}",
            context(),
            g.get(i),
            w.get(i)
        );
    }
}

/// Every node, parents first, as text: where two trees differ shows at once.
fn flat(root: &Option<fdl_syntax::Node>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = root {
        r.walk(|n| {
            let kind = match &n.kind {
                fdl_syntax::NodeKind::Scalar(s) => format!("{:?} {:?}", s.style, s.value),
                fdl_syntax::NodeKind::Mapping(e) => format!("map of {}", e.len()),
                fdl_syntax::NodeKind::Sequence(i) => format!("seq of {}", i.len()),
                fdl_syntax::NodeKind::Error => "error".to_string(),
            };
            out.push(format!(
                "{:?} {kind} tag={:?} anchor={:?} alias_of={:?}",
                n.span, n.tag, n.anchor, n.alias_of
            ));
        });
    }
    out
}

/// Applies `change` (already made) and checks the result; returns it for chaining.
fn check_edit(old: &str, previous: Parsed, new: &str, change: Change) -> (Parsed, bool) {
    let (got, fast) = reparse(old, previous, new, change);
    let want = parse(new);
    assert_same(&got, &want, &|| {
        format!("change {change:?} fast={fast}\n--- old\n{old:?}\n--- new\n{new:?}")
    });
    (got, fast)
}

/// Byte offsets of the char boundaries of `text`, the end included.
fn boundaries(text: &str) -> Vec<usize> {
    let mut b: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    b.push(text.len());
    b
}

/// Line start offsets.
fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    v
}

/// The chunk of text from a `-` line to the next line at the same or lower indentation that
/// is not blank (roughly one item with its lines), as `start..end`.
fn item_lines(text: &str, rng: &mut Rng) -> Option<(usize, usize)> {
    let starts = line_starts(text);
    let dash_lines: Vec<usize> = starts
        .iter()
        .copied()
        .filter(|&s| text[s..].trim_start_matches(' ').starts_with("- "))
        .collect();
    if dash_lines.is_empty() {
        return None;
    }
    let s = *rng.pick(&dash_lines);
    let indent = text[s..].len() - text[s..].trim_start_matches(' ').len();
    let mut end = text.len();
    for &l in starts.iter().filter(|&&l| l > s) {
        let line = &text[l..];
        let content = line.trim_start_matches(' ');
        if content.starts_with('\n') || content.is_empty() {
            continue;
        }
        if line.len() - content.len() <= indent {
            end = l;
            break;
        }
    }
    Some((s, end))
}

/// One random edit of `text`: the new text and the change.
fn random_edit(text: &str, rng: &mut Rng) -> (String, Change) {
    let bounds = boundaries(text);
    let kind = rng.below(10);
    let (start, old_end, insert): (usize, usize, String) = match kind {
        // Delete whole lines, or the lines of an item.
        0 => match item_lines(text, rng) {
            Some((s, e)) => (s, e, String::new()),
            None => (0, 0, String::new()),
        },
        // Paste a copy of an item's lines before another `-` line (or anywhere at a line
        // start).
        1 => match item_lines(text, rng) {
            Some((s, e)) => {
                let copy = text[s..e].to_string();
                let at = match item_lines(text, rng) {
                    Some((t, _)) if rng.below(4) != 0 => t,
                    _ => *rng.pick(&line_starts(text)),
                };
                (at, at, copy)
            }
            None => (0, 0, String::new()),
        },
        // Delete or duplicate one line.
        2 => {
            let starts = line_starts(text);
            let i = rng.below(starts.len());
            let s = starts[i];
            let e = starts.get(i + 1).copied().unwrap_or(text.len());
            if rng.below(2) == 0 {
                (s, e, String::new())
            } else {
                (s, s, text[s..e].to_string())
            }
        }
        // Insert, delete or replace 0..=3 pieces or characters.
        _ => {
            let start = *rng.pick(&bounds);
            let i = bounds.partition_point(|&b| b < start);
            let del = match rng.below(3) {
                0 => 0,
                _ => rng.below(4),
            };
            let old_end = bounds[(i + del).min(bounds.len() - 1)];
            let mut insert = String::new();
            if rng.below(3) != 0 {
                for _ in 0..rng.below(4) {
                    let piece = PIECES[rng.below(PIECES.len())];
                    insert.push_str(piece);
                }
            }
            (start, old_end, insert)
        }
    };
    let mut new = String::with_capacity(text.len() + insert.len());
    new.push_str(&text[..start]);
    new.push_str(&insert);
    new.push_str(&text[old_end..]);
    let change = Change {
        start,
        old_end,
        new_end: start + insert.len(),
    };
    (new, change)
}

/// Runs `chains` chains of `length` random edits from `text`, each reparsed from the previous
/// result. Returns (edits, fast path taken).
fn fuzz(text: &str, seed: u64, chains: usize, length: usize) -> (usize, usize) {
    let mut rng = Rng(seed);
    let (mut edits, mut fast) = (0, 0);
    for _ in 0..chains {
        let mut old = text.to_string();
        let mut previous = parse(&old);
        let mut broken = false;
        for _ in 0..length {
            let (new, change) = random_edit(&old, &mut rng);
            let (result, was_fast) = check_edit(&old, previous, &new, change);
            edits += 1;
            fast += usize::from(was_fast);
            // One more edit of a broken text (which must fall back), then start again from
            // the original, so most edits exercise the fast path.
            if broken {
                old = text.to_string();
                previous = parse(&old);
            } else {
                previous = result;
                old = new;
            }
            broken = previous
                .errors
                .iter()
                .any(|e| !matches!(e.kind, SyntaxErrorKind::DuplicateKey { .. }));
        }
    }
    (edits, fast)
}

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    for dir in ["valid", "invalid"] {
        let entries = std::fs::read_dir(root.join(dir)).expect("fixtures folder");
        for entry in entries {
            let path = entry.expect("fixture entry").path();
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() > 50, "fixtures not found");
    files
}

/// Hand-written texts with the forms a chunk must get right.
const TEXTS: &[&str] = &[
    // Steps with comments between and after them, a block scalar, nested lists.
    "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a  # first\n    inputMappings:\n      - target: x\n        source: $input.x\n      - target: y\n        source: $input.y\n  # between\n  - type: choice\n    name: b\n    choices:\n      - condition: $.x > 1\n        steps:\n          - type: pass\n            name: c\n          - type: succeed\n            name: d\n    default:\n      goto: e\n  - type: task\n    name: e\n    description: |\n      line one\n      # not a comment\n\n    resourceArn: arn\n  # trailing comment\n    # deeper trailing comment\n# at column 0\n",
    // An indentless sequence, followed by another key.
    "steps:\n- name: a\n  type: pass\n- name: b\n  type: pass\n-   name: c\n    end: true\nafter: 1\n",
    // A root sequence, awkward items: empty, nested compact, on the next line, tagged,
    // quoted on several lines, flow collections, explicit keys.
    "- a\n-\n- - x\n  - y\n-\n  k: v\n- !t tagged\n- \"two\n  lines\"\n- [1, 2,\n   3]\n- {a: 1}\n- ? k\n  : v\n- 'q # not comment' # comment\n-  # only a comment\n  z: 1\n",
    // Empty values at item ends, CRLF line ends.
    "steps:\r\n  - a:\r\n  - b: \r\n  - c: x\r\n    d:\r\n  -\r\n",
    // Duplicate keys before, inside and after the sequence.
    "a: 1\na: 2\nlist:\n  - k: 1\n    k: 2\n  - j: 1\nb: 3\nb: 4\n",
    // Anchors and aliases around the sequence.
    "base: &b {x: 1}\nsteps:\n  - name: a\n    ref: *b\n  - name: b\n  - &c name: c\nlater: *b\n",
    // Folded scalars with indentation indicators, keep chomping, comments after.
    "steps:\n  - name: a\n    text: >2-\n       indented\n      more\n  - name: b\n    keep: |+\n      kept\n\n  # after keep\n  - name: c\n",
    // No final line break.
    "steps:\n  - name: a\n  - name: b",
];

#[test]
fn random_edits_match_a_full_parse() {
    let mut totals = (0, 0);
    for (i, text) in TEXTS.iter().enumerate() {
        let (e, f) = fuzz(text, 1000 + i as u64, 20, 20);
        totals.0 += e;
        totals.1 += f;
    }
    let files = fixture_files();
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let (e, f) = fuzz(&text, i as u64, 2, 12);
        totals.0 += e;
        totals.1 += f;
    }
    println!(
        "{} edits over {} texts, fast path taken for {}",
        totals.0,
        TEXTS.len() + files.len(),
        totals.1
    );
    // Random edits break the file often; the fast path must still be common.
    assert!(
        totals.1 * 5 > totals.0,
        "fast path taken too rarely: {totals:?}"
    );
}

/// The same with many more seeds (release: `cargo test --release -p fdl-syntax --test
/// reparse -- --ignored many_seeds`).
#[test]
#[ignore]
fn random_edits_many_seeds() {
    let files = fixture_files();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixture is UTF-8"))
        .chain(TEXTS.iter().map(|t| t.to_string()))
        .collect();
    let (mut edits, mut fast) = (0, 0);
    for round in 0..3u64 {
        for (i, text) in texts.iter().enumerate() {
            let (e, f) = fuzz(text, round * 100_000 + i as u64, 10, 20);
            edits += e;
            fast += f;
        }
    }
    println!("{edits} edits, fast path taken for {fast}");
}

/// A flow of `n` steps with some variety (nested lists, comments, a block scalar).
fn many_steps(n: usize) -> String {
    let mut s = String::from("version: v1\ntype: flow\nname: big\nsteps:\n");
    for i in 0..n {
        match i % 4 {
            0 => s.push_str(&format!(
                "  - type: task\n    name: step-{i}  # comment {i}\n    resourceArn: acs:fc:::services/s/functions/f{i}\n    inputMappings:\n      - target: a\n        source: $input.a\n      - target: b{i}\n        source: $local.b\n"
            )),
            1 => s.push_str(&format!(
                "  - type: pass\n    name: 名字-{i}\n    description: |\n      line {i}\n      # inside\n  # between steps\n"
            )),
            2 => s.push_str(&format!(
                "  - type: parallel\n    name: p-{i}\n    branches:\n      - steps:\n          - type: pass\n            name: in-{i}\n          - type: succeed\n            name: ok-{i}\n"
            )),
            _ => s.push_str(&format!(
                "  - type: wait\n    name: w-{i}\n    duration: {i}\n    retry: [{{errors: [FC.Unknown], maxAttempts: 3}}]\n"
            )),
        }
    }
    s
}

#[test]
fn random_edits_of_a_larger_flow() {
    let text = many_steps(40);
    let (edits, fast) = fuzz(&text, 77, 6, 30);
    println!("{edits} edits, fast path taken for {fast}");
    // Random edits break the file about half the time (and a broken file is parsed in full).
    assert!(
        fast * 3 > edits,
        "fast path taken too rarely: {fast} of {edits}"
    );
}

/// Every one-character insertion inside the steps that leaves the file valid takes the fast
/// path.
#[test]
fn valid_single_character_edits_inside_steps_are_fast() {
    let text = many_steps(4);
    let steps = text.find("\n  - ").expect("steps") + 1;
    let mut slow = Vec::new();
    let mut valid = 0;
    for at in boundaries(&text).into_iter().filter(|&b| b > steps) {
        for c in ["x", " ", "\n", "#", ":", "-"] {
            let new = format!("{}{c}{}", &text[..at], &text[at..]);
            let change = Change {
                start: at,
                old_end: at,
                new_end: at + c.len(),
            };
            let (got, fast) = check_edit(&text, parse(&text), &new, change);
            // A line less indented than the steps' `-` leaves the steps (or is read as part of
            // a flow collection): parsed in full.
            let outdented = new[steps..].lines().any(|l| {
                let t = l.trim_start_matches(' ');
                !t.is_empty() && !t.starts_with('#') && l.len() - t.len() < 2
            });
            if got.errors.is_empty() && !outdented {
                valid += 1;
                if !fast {
                    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
                    let end = at + text[at..].find('\n').unwrap_or(text.len() - at);
                    slow.push(format!("{:?} {c:?} {:?}", &text[line..at], &text[at..end]));
                }
            }
        }
    }
    println!("{valid} valid edits, {} not fast: {slow:#?}", slow.len());
    assert!(valid > 1000 && slow.is_empty());
}

/// The release-only check on a big flow (2,000 steps): `cargo test --release -p fdl-syntax
/// --test reparse -- --ignored`.
#[test]
#[ignore]
fn random_edits_of_a_big_flow() {
    let text = many_steps(2000);
    let (edits, fast) = fuzz(&text, 5, 4, 50);
    println!("{edits} edits, fast path taken for {fast}");
    assert!(fast * 3 > edits);
}

/// Prints the time of `reparse` against `parse` for one-character edits inside a step name
/// of a big flow (`FDL_BIG_FLOW=path`, else a generated one): typing 20 characters, each
/// edit reparsed from the previous result, as a language server does. Release only:
/// `cargo test --release -p fdl-syntax --test reparse -- --ignored --nocapture timing`.
#[test]
#[ignore]
fn timing() {
    use std::time::{Duration, Instant};
    let text = match std::env::var("FDL_BIG_FLOW") {
        Ok(path) => std::fs::read_to_string(path).expect("FDL_BIG_FLOW readable"),
        Err(_) => many_steps(2000),
    };
    let mut best_parse = Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        drop(parse(&text));
        best_parse = best_parse.min(t.elapsed());
    }
    for (label, fraction) in [("start", 0.02), ("middle", 0.5), ("end", 0.98)] {
        let from = (text.len() as f64 * fraction) as usize;
        let from = (from..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let at = from
            + text[from..].find("\n    name: ").expect("a step name")
            + "\n    name: ".len()
            + 1;
        let mut old = text.clone();
        let mut previous = parse(&old);
        let mut times = Vec::new();
        for i in 0..20 {
            let mut new = old.clone();
            new.insert(at + i, 'x');
            let change = Change {
                start: at + i,
                old_end: at + i,
                new_end: at + i + 1,
            };
            let t = Instant::now();
            let (result, fast) = reparse(&old, previous, &new, change);
            times.push(t.elapsed());
            assert!(fast);
            previous = result;
            old = new;
        }
        assert_same(&previous, &parse(&old), &|| "timing edits".to_string());
        let first = times[0];
        times.sort();
        println!(
            "{} bytes, edit near the {label}: parse {:.2} ms; reparse best {:.3} ms, median \
             {:.3} ms, worst {:.3} ms, first after a full parse {:.3} ms",
            text.len(),
            best_parse.as_secs_f64() * 1e3,
            times[0].as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            first.as_secs_f64() * 1e3,
        );
    }
}

// ---- Targeted cases ----

/// Replaces the first occurrence of `from` by `to` and checks
/// the reparse; returns whether the fast path was taken.
fn edit(text: &str, from: &str, to: &str) -> bool {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in text"));
    let old_end = start + from.len();
    let new = format!("{}{}{}", &text[..start], to, &text[old_end..]);
    let change = Change {
        start,
        old_end,
        new_end: start + to.len(),
    };
    check_edit(text, parse(text), &new, change).1
}

const FLOW: &str = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: first\n  - type: pass\n    name: second\n    inputMappings:\n      - target: a\n        source: $input.a\n  # trailing\n  - type: succeed\n    name: last\n";

#[test]
fn typical_edits_take_the_fast_path() {
    // Typing inside a step's name.
    assert!(edit(FLOW, "second", "secoxnd"));
    assert!(edit(FLOW, "name: first", "name: firs"));
    // Adding a field line to a step.
    assert!(edit(
        FLOW,
        "    name: first\n",
        "    name: first\n    end: true\n"
    ));
    // Pasting a step before another.
    assert!(edit(
        FLOW,
        "  - type: succeed",
        "  - type: pass\n    name: pasted\n  - type: succeed"
    ));
    // Deleting a step, lines and all.
    assert!(edit(FLOW, "  - type: pass\n    name: first\n", ""));
    // Deleting the last step up to the end of the text.
    assert!(edit(FLOW, "  - type: succeed\n    name: last\n", ""));
    // Typing in a nested list item.
    assert!(edit(FLOW, "target: a", "target: ab"));
    // Opening a block scalar that swallows the trailing comment lines.
    assert!(edit(FLOW, "source: $input.a", "source: |\n          x"));
    // Joining an item's line with the next item's line: two items re-read together.
    assert!(edit("- a\n- b\n- c\n", "a\n", "a"));
    // A duplicate key typed inside a step, while the line count of the file changes.
    let dup = "steps:\n  - name: a\n  - name: b\nx: 1\nx: 2\n";
    assert!(edit(dup, "  - name: a\n", "  - name: a\n    name: c\n"));
}

#[test]
fn edits_outside_any_item_fall_back() {
    assert!(!edit(FLOW, "version: v1", "version: v2"));
    // The `steps:` line, and the line joining the key to the first item.
    assert!(!edit(FLOW, "steps:", "stepz:"));
    assert!(!edit(FLOW, "steps:\n", "steps: "));
}

#[test]
fn a_broken_previous_parse_falls_back() {
    // An invalid-YAML error in the previous parse.
    let broken = "steps:\n  - name: a\n  - name: \"open\nother: [\n";
    assert!(!parse(broken).errors.is_empty());
    assert!(!edit(broken, "name: a", "name: ab"));
    // Two documents.
    let two = "steps:\n  - name: a\n---\nb: 1\n";
    assert!(!edit(two, "name: a", "name: ab"));
    // A merge key.
    let merge = "base: &b {x: 1}\nm:\n  <<: *b\nsteps:\n  - name: a\n";
    assert!(!edit(merge, "name: a", "name: ab"));
}

#[test]
fn chunks_that_depend_on_the_rest_of_the_file_fall_back() {
    // An anchor or alias typed into the step.
    assert!(!edit(FLOW, "name: first", "name: &n first"));
    assert!(!edit("a: &n 1\nsteps:\n  - x: 1\n", "x: 1", "x: *n"));
    // The old step had an anchor (a later alias may use it).
    assert!(!edit("steps:\n  - &s x: 1\n  - y: *s\n", "x: 1", "x: 2"));
    // An anchored or aliased sequence: its copies would need the change too.
    assert!(!edit("steps: &all\n  - x: 1\ncopy: *all\n", "x: 1", "x: 2"));
    // A line indented less than the step's `-`.
    assert!(!edit(FLOW, "name: first\n", "name: first\n x: 1\n"));
    // A document marker, a directive, a byte order mark, a lone carriage return, a tab in
    // the indentation.
    let root_seq = "- a\n- b\n- c\n";
    assert!(!edit(root_seq, "- b\n", "- b\n---\n"));
    assert!(!edit(root_seq, "- b\n", "- b\n...\n"));
    assert!(!edit(root_seq, "- b\n", "- b\n%YAML 1.2\n"));
    assert!(!edit(FLOW, "name: first", "name: fi\u{feff}rst"));
    assert!(!edit(FLOW, "name: first", "name: fi\rrst"));
    assert!(!edit(FLOW, "    name: first", "\t  name: first"));
    // The step no longer starts with its `-`.
    assert!(!edit(
        FLOW,
        "  - type: pass\n    name: first",
        "  x: 1\n  - type: pass\n    name: first"
    ));
    // An edit that breaks the step.
    assert!(!edit(FLOW, "name: first", "name: \"first"));
    // Removing every item of a list.
    assert!(!edit("a:\n  - x\nb: 1\n", "  - x\n", ""));
}

#[test]
fn empty_values_of_explicit_keys_stay_in_their_item() {
    // The empty value of an explicit `?` key sits right after the key, inside its item, so
    // edits around it are reparsed like any other (and still equal a full parse).
    let text = "- ? k\n- b\n- c\n";
    assert!(edit(text, "b", "bb"));
    assert!(edit(text, "- ? k", "- ? kk"));
    let text = "- x\n- ? k\n  : v\n- 'q'\n";
    assert!(edit(text, "\n  : v", "  : v"));
    assert!(edit(text, "- x", "- xy"));
}

#[test]
fn fewer_nodes_with_aliases_in_the_file_fall_back() {
    // The alias budget depends on the number of nodes written.
    let text = "base: &b [1, 2]\nsteps:\n  - name: a\n    more: [1, 2, 3]\n  - name: b\nuse: *b\n";
    assert!(!edit(text, "    more: [1, 2, 3]\n", ""));
    // More nodes: the budget only grows.
    assert!(edit(text, "name: b", "name: b\n    x: 1"));
}

#[test]
fn deep_nesting_falls_back() {
    // A list nested near `MAX_DEPTH`: the chunk could push the file over it.
    let levels = MAX_DEPTH - 4;
    let mut text = String::new();
    for i in 0..levels {
        text.push_str(&" ".repeat(i));
        text.push_str("k:\n");
    }
    text.push_str(&" ".repeat(levels));
    text.push_str("- x: 1\n");
    text.push_str(&" ".repeat(levels));
    text.push_str("- y: 1\n");
    assert!(!edit(&text, "x: 1", "x: {a: [1]}"));
    // Shallow: fine.
    assert!(edit(FLOW, "name: first", "name: {a: [1]}"));
}

#[test]
fn a_change_that_does_not_match_the_texts_falls_back() {
    let new = FLOW.replace("first", "frst");
    // Wrong offsets: the result is still the parse of the new text.
    let change = Change {
        start: 0,
        old_end: 1,
        new_end: 1,
    };
    let (got, fast) = reparse(FLOW, parse(FLOW), &new, change);
    assert!(!fast);
    assert_same(&got, &parse(&new), &|| "bad change".to_string());
    // Out of range.
    let change = Change {
        start: 5,
        old_end: FLOW.len() + 10,
        new_end: 3,
    };
    let (got, fast) = reparse(FLOW, parse(FLOW), &new, change);
    assert!(!fast);
    assert_same(&got, &parse(&new), &|| "out of range".to_string());
}

/// `Change::between` finds what lies between the common start and end of two texts, and is
/// a change `reparse` accepts.
#[test]
fn the_change_between_two_texts() {
    let c = |old: &str, new: &str| {
        let c = Change::between(old, new);
        (c.start, c.old_end, c.new_end)
    };
    assert_eq!(c("abc", "abc"), (3, 3, 3));
    assert_eq!(c("abc", "abxc"), (2, 2, 3));
    assert_eq!(c("abxc", "abc"), (2, 3, 2));
    assert_eq!(c("", "new"), (0, 0, 3));
    assert_eq!(c("old", ""), (0, 3, 0));
    // The common end never overlaps the common start.
    assert_eq!(c("aa", "aaa"), (2, 2, 3));
    assert_eq!(c("aaa", "aa"), (2, 3, 2));
    let old = "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: pass\n    name: b\n";
    let new = old.replace("name: a", "name: ab");
    let (parsed, fast) = reparse(old, parse(old), &new, Change::between(old, &new));
    assert!(fast);
    assert_same(&parsed, &parse(&new), &|| "name edit".to_string());
}
