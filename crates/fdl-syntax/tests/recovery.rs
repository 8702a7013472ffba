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

const CONTROL_MESSAGE: &str = "is not allowed in YAML text; remove it or write it as an escape \
                               in a double-quoted string";

#[test]
fn nul_byte_is_a_control_character_not_a_tab() {
    // saphyr says "found unprintable character", which contains "tab".
    for text in [
        "a: b\0c\nd: 1\n",
        "a: \"x\0y\"\nd: 1\n",
        "a: [1, 2\0]\nd: 1\n",
        "\0\nd: 1\n",
    ] {
        let p = parsed(text);
        assert_eq!(p.errors.len(), 1, "{text:?}: {:?}", p.errors);
        let e = &p.errors[0];
        assert_eq!(e.kind, SyntaxErrorKind::Invalid);
        assert_eq!(&text[e.span.range()], "\0", "{text:?}");
        assert!(
            e.message
                .starts_with("this control character (U+0000) is not allowed"),
            "{text:?}: {}",
            e.message
        );
        assert!(e.message.ends_with(CONTROL_MESSAGE), "{}", e.message);
        // Only the line of the NUL is lost.
        assert_eq!(
            p.root.unwrap().get("d").and_then(|n| n.as_i64()),
            Some(1),
            "{text:?}"
        );
    }
}

#[test]
fn other_control_characters_are_reported_where_they_are() {
    // saphyr reads these as text; YAML does not allow them (tabs inside values are fine).
    let text = "a: b\u{1}c\nd: \"\u{7f}\"\ne: x\u{80}y\nf: \"tab\there\"\ng: \u{85}\u{a0}\n";
    let p = parsed(text);
    let found: Vec<_> = p
        .errors
        .iter()
        .map(|e| (&text[e.span.range()], e.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "\u{1}",
                "this control character (U+0001) is not allowed in YAML text; remove it or \
                 write it as an escape in a double-quoted string"
            ),
            (
                "\u{7f}",
                "this control character (U+007F) is not allowed in YAML text; remove it or \
                 write it as an escape in a double-quoted string"
            ),
            (
                "\u{80}",
                "this control character (U+0080) is not allowed in YAML text; remove it or \
                 write it as an escape in a double-quoted string"
            ),
        ]
    );
    // The tree is still read.
    let r = p.root.unwrap();
    assert_eq!(r.get("a").and_then(|n| n.scalar_text()), Some("b\u{1}c"));
    assert_eq!(r.get("f").and_then(|n| n.scalar_text()), Some("tab\there"));
    // A binary file is one mistake, not thousands.
    let text = "a: \"".to_string() + &"\u{1}".repeat(5000) + "\"\n";
    assert!(parsed(&text).errors.len() <= 20);
}

#[test]
fn missing_space_after_colon() {
    let text = "\
steps:
  - type: pass
    name:target
  - type: pass
    name: b
";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    let e = &p.errors[0];
    assert_eq!(
        e.message,
        "`:` must be followed by a space to separate the key from its value: write `name: target`"
    );
    assert_eq!(e.span.start, text.find("name:target").unwrap() + 4);
    assert_eq!(&text[e.span.range()], ":");
    // Only that line is blanked: both steps are there, the first without its name.
    assert_eq!(step_names(&p), vec!["b"]);
    let steps = p.root.as_ref().unwrap().get("steps").unwrap();
    let steps = steps.as_sequence().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(
        steps[0].get("type").and_then(|n| n.scalar_text()),
        Some("pass")
    );
    let line = text.find("    name:target").unwrap();
    assert_eq!(p.skipped, vec![fdl_syntax::Span::new(line, line + 15)]);

    // At the end of the file, before a less indented key, with a comment, a URL.
    for (text, key, value) in [
        (
            "steps:\n  - type: pass\n    name:target\n",
            "name",
            "target",
        ),
        ("a:\n  x: 1\n  y:2\nb: 1\n", "y", "2"),
        ("a: 1\nb:c # note\nd: 2\n", "b", "c"),
        ("a: 1\nurl:http://x/y\nd: 2\n", "url", "http://x/y"),
    ] {
        let p = parsed(text);
        let expected = format!(
            "`:` must be followed by a space to separate the key from its value: write `{key}: {value}`"
        );
        assert_eq!(invalid(&p), vec![expected.as_str()], "{text:?}");
        let colon = text.find(&format!("{key}:{}", &value[..1])).unwrap() + key.len();
        assert_eq!(p.errors[0].span, fdl_syntax::Span::new(colon, colon + 1));
    }
    // A key without any colon keeps the old message.
    let p = parsed("a: 1\nb\nc: 2\n");
    assert!(invalid(&p)[0].starts_with("expected `:` after the key on line 2"));
}

#[test]
fn invalid_escape_points_at_the_escape() {
    // saphyr reports the opening quote; the escape is found from there.
    let text = "a: \"a\\u0000b\\uD800\"\nb: 1\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(&text[p.errors[0].span.range()], "\\uD800");
    assert!(p.errors[0].message.starts_with("invalid escape sequence"));
    for (text, escape) in [
        ("a: \"x\\qy\"\n", "\\q"),
        ("a: \"\\x4\"\n", "\\x4"),
        ("a: \"ok \\t \\\" \\é\"\n", "\\é"),
    ] {
        let p = parsed(text);
        assert_eq!(&text[p.errors[0].span.range()], escape, "{text:?}");
    }
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
        "?", ",", "名", "😀", "\r\n", "---", "%", "<<: *a", "\\", "\0", "''", ">2-",
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
        "a: b\0c\nd: 1\n",
        "a:\n  x: 1\n  b:c\nd: 1\n",
        "a: \"\\uD800\"\n",
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
        "<<: *a",
        "!!int ",
        "\\u00e9",
        "\\x4",
        "''",
        "\0",
        "\u{1}",
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
