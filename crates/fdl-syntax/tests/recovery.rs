//! Syntax errors: plain-language messages at the exact place, and recovery that keeps the
//! rest of the file.

mod support;

use fdl_syntax::{Parsed, SyntaxErrorKind, parse};
use support::{check_spans, render};

fn parsed(text: &str) -> Parsed {
    let p = parse(text);
    check_spans(text, &p);
    p
}

fn invalid(p: &Parsed) -> Vec<&str> {
    p.errors
        .iter()
        .filter(|e| e.kind == SyntaxErrorKind::Invalid)
        .map(|e| e.message.as_str())
        .collect()
}

fn step_names(p: &Parsed) -> Vec<String> {
    p.root
        .as_ref()
        .and_then(|r| r.get("steps"))
        .and_then(|s| s.as_sequence())
        .unwrap_or(&[])
        .iter()
        .filter_map(|s| {
            s.get("name")
                .and_then(|n| n.scalar_text())
                .map(str::to_string)
        })
        .collect()
}

const STEPS_WITH_BROKEN_MIDDLE: &str = "\
version: v1
type: flow
steps:
  - type: pass
    name: first
  - type: pass
    name: \"broken
    end: true
  - type: pass
    name: third
  - type: pass
    name: fourth
";

#[test]
fn broken_step_keeps_the_good_steps() {
    let text = STEPS_WITH_BROKEN_MIDDLE;
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    let e = &p.errors[0];
    assert_eq!(e.kind, SyntaxErrorKind::Invalid);
    // At the opening quote.
    assert_eq!(&text[e.span.range()], "\"");
    assert_eq!(e.span.start, text.find("\"broken").unwrap());
    assert!(e.message.contains("never closed"), "{}", e.message);
    assert_eq!(step_names(&p), vec!["first", "third", "fourth"]);
    // The broken step keeps its other lines; the first step is untouched.
    let steps = p
        .root
        .as_ref()
        .unwrap()
        .get("steps")
        .unwrap()
        .as_sequence()
        .unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[1].get("end").and_then(|n| n.as_bool()), Some(true));
    assert_eq!(steps[0].as_mapping().unwrap().len(), 2);
}

#[test]
fn broken_step_line_takes_its_children() {
    // The broken line starts the step: its more-indented lines go with it, so they do not
    // join the previous step (which would then get duplicate keys).
    let text = "\
steps:
  - name: a
    type: pass
  - name: \"b
    type: pass
  - name: c
    type: pass
";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(step_names(&p), vec!["a", "c"]);
}

#[test]
fn tab_indentation() {
    let text = "steps:\n  - name: a\n\t  type: pass\n  - name: b\n";
    let p = parsed(text);
    assert_eq!(
        invalid(&p),
        vec!["tab characters are not allowed for indentation in YAML; use spaces"]
    );
    // The span is the tab itself.
    assert_eq!(&text[p.errors[0].span.range()], "\t");
    assert_eq!(step_names(&p), vec!["a", "b"]);
}

#[test]
fn a_block_indented_with_tabs_is_one_error() {
    let text = "a: 1\nsteps:\n\t- name: x\n\t  type: pass\n\t- name: y\nz: 2\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    let r = p.root.unwrap();
    assert_eq!(r.get("a").and_then(|n| n.as_i64()), Some(1));
    assert_eq!(r.get("z").and_then(|n| n.as_i64()), Some(2));
}

#[test]
fn unclosed_flow_sequence() {
    let text = "a: [1, 2\nb: 1\nc: 2\n";
    let p = parsed(text);
    assert_eq!(
        invalid(&p),
        vec!["this `[` is never closed: add the missing `]`"]
    );
    assert_eq!(p.errors[0].span, fdl_syntax::Span::new(3, 4));
    let r = p.root.unwrap();
    assert!(r.get("b").is_some() && r.get("c").is_some());
}

#[test]
fn unclosed_flow_at_end_of_file() {
    let text = "a: 1\nb: {x: 1,\n  y: 2\n";
    let p = parsed(text);
    assert_eq!(
        invalid(&p),
        vec!["this `{` is never closed: add the missing `}`"]
    );
    // Reported at the bracket that is never closed, not at the end of the text.
    assert_eq!(p.errors[0].span, fdl_syntax::Span::new(8, 9));
    assert_eq!(p.root.unwrap().get("a").and_then(|n| n.as_i64()), Some(1));
}

#[test]
fn colon_in_plain_value() {
    let text = "steps:\n  - condition: $.a: b\n    name: x\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1);
    assert!(p.errors[0].message.starts_with("unexpected `:` here"));
    assert_eq!(p.errors[0].span.start, text.find(": b").unwrap());
}

#[test]
fn multi_line_runaway_quote() {
    let text = "a: \"x\n  y\" z\nb: 1\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert!(
        p.errors[0].message.contains("opened on line 1"),
        "{}",
        p.errors[0].message
    );
    assert_eq!(p.root.unwrap().get("b").and_then(|n| n.as_i64()), Some(1));
}

#[test]
fn error_after_non_ascii_text_is_at_the_right_byte() {
    let text = "名字: 值\n描述: a: b\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].span.start, text.find(": b").unwrap());
    assert_eq!(
        p.root.unwrap().get("名字").and_then(|n| n.scalar_text()),
        Some("值")
    );
}

#[test]
fn recursive_alias() {
    let text = "a: &x [1, *x]\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1);
    assert!(
        p.errors[0].message.contains("recursive"),
        "{}",
        p.errors[0].message
    );
    let items = p
        .root
        .as_ref()
        .unwrap()
        .get("a")
        .unwrap()
        .as_sequence()
        .unwrap();
    assert!(items[1].is_error());
}

#[test]
fn attempts_are_bounded_and_the_partial_tree_is_kept() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!("good{i}: {i}\nbad{i}: \"open\n"));
    }
    let p = parsed(&text);
    let n = p.errors.len();
    assert!((15..=25).contains(&n), "{n} errors");
    let r = p.root.unwrap();
    // Everything before the last error the parser got to is there.
    for i in 0..15 {
        assert!(r.get(&format!("good{i}")).is_some(), "good{i} missing");
    }
}

#[test]
fn many_errors_in_a_large_file_finish() {
    let mut text = String::from("version: v1\ntype: flow\nsteps:\n");
    let bad = [
        "    name: \"open",
        "\tname: tab",
        "    name: a: b",
        "    x: [1, 2",
        "    name: 'x' y",
    ];
    let mut i = 0;
    while text.len() < 1_500_000 {
        text.push_str(&format!("  - type: pass\n    name: 步骤{i}\n"));
        if i % 7 == 3 {
            text.push_str(bad[i % bad.len()]);
            text.push('\n');
        }
        i += 1;
    }
    let p = parsed(&text);
    assert!(!p.errors.is_empty());
    assert!(p.root.is_some());
}

#[test]
fn never_panics_on_mutated_input() {
    let base = STEPS_WITH_BROKEN_MIDDLE.replace("\"broken", "'ok'")
        + "  - type: choice\n    choices:\n      - condition: $.x > 1\n        goto: b\n    x: |\n      text\n    y: [a, {b: c}]\n    z: &a 1\n    w: *a\n";
    let specials = [
        ":", "\"", "'", "[", "]", "{", "}", "-", "#", "\t", "\n", " ", "|", ">", "&", "*", "!",
        "?", ",", "名", "😀", "\r\n", "---", "%",
    ];
    // A small deterministic generator: no dependency needed.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..1500 {
        let mut text = base.clone();
        for _ in 0..1 + next(4) {
            let mut at = next(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match next(3) {
                0 => text.insert_str(at, specials[next(specials.len())]),
                1 => {
                    let mut end = (at + 1 + next(3)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => text.insert_str(at, &specials[next(specials.len())].repeat(2)),
            }
        }
        let p = parse(&text);
        check_spans(&text, &p);
    }
}

#[test]
fn snapshot_messages() {
    let cases = [
        "a: x: y\n",
        "a:\n\tb: 1\n",
        "a: \"unclosed\nb: 1\n",
        "a: 'unclosed\n",
        "a: 'it's'\n",
        "a: \"x\" y\n",
        "a: *nope\n",
        "a:\n  b: 1\n c: 2\n",
        "- a\n-b: c\n",
        "a: 1\nb\nc: 2\n",
        "a: [1, 2\nb: 1\n",
        "a: {b: 1\n",
        "a: [b, , c]\n",
        "a: @x\n",
        "a: \"\\q\"\n",
        "a: |\n  x\n y\n",
        "{a: 1}x\n",
        "a: &\n",
        "key: value\n  other: 1\n",
        "a: b\n- c\n",
    ];
    let mut out = String::new();
    for text in cases {
        let p = parsed(text);
        out.push_str(&format!("=== {text:?}\n"));
        out.push_str(&render(text, &p));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn never_panics_on_random_token_soup() {
    let alphabet = [
        "a",
        "b",
        ":",
        " ",
        "  ",
        "\n",
        "\t",
        "-",
        "- ",
        "\"",
        "'",
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "|",
        ">",
        "&a",
        "*a",
        "!t",
        "?",
        "---",
        "...",
        "名",
        "😀",
        "\r\n",
        "\\",
        "%YAML 1.2\n",
        "<<: ",
        "0",
        "|+",
        ">-",
    ];
    let mut seed: u64 = 88_172_645_463_325_252;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..20_000 {
        let len = 1 + next(60);
        let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
        let p = parse(&text);
        check_spans(&text, &p);
    }
}
