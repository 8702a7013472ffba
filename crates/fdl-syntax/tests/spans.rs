//! Spans and decoded values of keys and values in every scalar style, collections, tags,
//! anchors and aliases, with non-ASCII text before the nodes.

mod support;

use fdl_syntax::{Node, NodeKind, ScalarStyle, Span, SyntaxErrorKind, parse};
use support::{check_spans, render};

fn root(text: &str) -> Node {
    let parsed = parse(text);
    check_spans(text, &parsed);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.root.expect("a root")
}

/// The source text of a node's span.
fn src<'a>(text: &'a str, node: &Node) -> &'a str {
    &text[node.span.range()]
}

#[test]
fn block_mapping_with_chinese_keys_and_values() {
    let text = "名字: 中文值\n描述: \"双引号 😀\"\n说明: '单引号'\n数字: 10\n";
    let r = root(text);
    let m = r.as_mapping().unwrap();
    assert_eq!(m.len(), 4);
    assert_eq!(src(text, &m[0].key), "名字");
    assert_eq!(src(text, &m[0].value), "中文值");
    assert_eq!(m[0].value.as_str(), Some("中文值"));
    assert_eq!(src(text, &m[1].value), "\"双引号 😀\"");
    assert_eq!(m[1].value.as_str(), Some("双引号 😀"));
    assert_eq!(src(text, &m[2].value), "'单引号'");
    assert_eq!(
        m[2].value.as_scalar().unwrap().style,
        ScalarStyle::SingleQuoted
    );
    assert_eq!(src(text, &m[3].key), "数字");
    assert_eq!(m[3].value.as_i64(), Some(10));
    // The mapping covers the first key to the last value, not the final newline.
    assert_eq!(r.span, Span::new(0, text.len() - 1));
}

#[test]
fn decoded_values_and_block_scalars() {
    let text = "\
esc: \"a\\tb\\n\\u00e9\\\"\"
sq: 'it''s'
lit: |
  line one
    indented

folded: >-
  folded
  text
keep: |+
  kept

next: x
";
    let r = root(text);
    let value = |k: &str| r.get(k).unwrap();
    assert_eq!(value("esc").scalar_text(), Some("a\tb\né\""));
    assert_eq!(src(text, value("esc")), "\"a\\tb\\n\\u00e9\\\"\"");
    assert_eq!(value("sq").scalar_text(), Some("it's"));
    assert_eq!(src(text, value("sq")), "'it''s'");
    // Block scalars: from the indicator to the last content character.
    assert_eq!(value("lit").scalar_text(), Some("line one\n  indented\n"));
    assert_eq!(src(text, value("lit")), "|\n  line one\n    indented");
    assert_eq!(
        value("lit").as_scalar().unwrap().style,
        ScalarStyle::Literal
    );
    assert_eq!(value("folded").scalar_text(), Some("folded text"));
    assert_eq!(src(text, value("folded")), ">-\n  folded\n  text");
    assert_eq!(
        value("folded").as_scalar().unwrap().style,
        ScalarStyle::Folded
    );
    assert_eq!(value("keep").scalar_text(), Some("kept\n\n"));
    assert_eq!(src(text, value("keep")), "|+\n  kept");
    assert_eq!(src(text, value("next")), "x");
}

#[test]
fn block_scalar_header_with_comment_and_indent_indicator() {
    let text = "a: |2- # header comment\n    two extra\n  base\nb: |\nc: >\n\n  after blank\n";
    let parsed = parse(text);
    check_spans(text, &parsed);
    let r = parsed.root.unwrap();
    assert_eq!(r.get("a").unwrap().scalar_text(), Some("  two extra\nbase"));
    assert_eq!(
        src(text, r.get("a").unwrap()),
        "|2- # header comment\n    two extra\n  base"
    );
    // An empty block scalar covers just its header.
    assert_eq!(src(text, r.get("b").unwrap()), "|");
    assert_eq!(r.get("b").unwrap().scalar_text(), Some(""));
    assert_eq!(src(text, r.get("c").unwrap()), ">\n\n  after blank");
    assert_eq!(r.get("c").unwrap().scalar_text(), Some("\nafter blank\n"));
    // The header comment is a comment; it is outside the scalar's span.
    assert_eq!(parsed.comments.len(), 1);
    assert_eq!(parsed.comments[0].text, " header comment");
}

#[test]
fn empty_values() {
    let text = "a:\nb: # comment\nc: !tag\nd:   \nseq:\n- \n-\n- x\nflow: {k: , j}\n";
    let r = root(text);
    let a = r.get("a").unwrap();
    assert!(a.is_null());
    assert_eq!(a.as_scalar().unwrap().style, ScalarStyle::Plain);
    // Right after the colon.
    assert_eq!(a.span, Span::empty(2));
    assert_eq!(
        r.get("b").unwrap().span,
        Span::empty(text.find("b:").unwrap() + 2)
    );
    // After the tag when there is one.
    let c = r.get("c").unwrap();
    assert_eq!(c.tag.as_deref(), Some("!tag"));
    assert_eq!(c.span, Span::empty(text.find("!tag").unwrap() + 4));
    let d = r.get("d").unwrap();
    assert_eq!(d.span, Span::empty(text.find("d:").unwrap() + 2));
    // Sequence entries: right after the `-`.
    let seq = r.get("seq").unwrap().as_sequence().unwrap();
    let first_dash = text.find("- \n").unwrap();
    assert_eq!(seq[0].span, Span::empty(first_dash + 1));
    assert_eq!(seq[1].span, Span::empty(first_dash + 4));
    assert_eq!(seq[2].scalar_text(), Some("x"));
    let flow = r.get("flow").unwrap().as_mapping().unwrap();
    let k = text.find("k:").unwrap();
    assert_eq!(flow[0].value.span, Span::empty(k + 2));
    // `{j}`: a key without `:` has an empty value right after the key.
    let j = text.find("j}").unwrap();
    assert_eq!(flow[1].value.span, Span::empty(j + 1));
    assert!(flow[1].value.is_null());
}

#[test]
fn tags_and_anchors() {
    let text = "fn: !Ref Service/Function\ns: !!str 5\nv: !<tag:x> y\nanchored: &base {a: 1}\nboth: !!map &b2\n  k: v\n";
    let r = root(text);
    let f = r.get("fn").unwrap();
    assert_eq!(f.tag.as_deref(), Some("!Ref"));
    assert_eq!(f.scalar_text(), Some("Service/Function"));
    assert_eq!(src(text, f), "Service/Function");
    let s = r.get("s").unwrap();
    assert_eq!(s.tag.as_deref(), Some("!!str"));
    assert_eq!(s.as_str(), Some("5"));
    assert_eq!(r.get("v").unwrap().tag.as_deref(), Some("!<tag:x>"));
    let anchored = r.get("anchored").unwrap();
    assert_eq!(anchored.anchor.as_deref(), Some("base"));
    assert_eq!(src(text, anchored), "{a: 1}");
    let both = r.get("both").unwrap();
    assert_eq!(both.tag.as_deref(), Some("!!map"));
    assert_eq!(both.anchor.as_deref(), Some("b2"));
    // A block collection starts at its first key, after the properties.
    assert_eq!(src(text, both), "k: v");
}

#[test]
fn content_that_looks_like_properties() {
    let text = "a: |\n  !important\n  &x\nb:\n  &k key: v\n  other: w\n";
    let r = root(text);
    let a = r.get("a").unwrap();
    assert_eq!(a.scalar_text(), Some("!important\n&x\n"));
    assert_eq!(a.tag, None);
    assert_eq!(src(text, a), "|\n  !important\n  &x");
    // A mapping whose first key has an anchor starts at the anchor.
    let b = r.get("b").unwrap();
    assert_eq!(src(text, b), "&k key: v\n  other: w");
    let key = &b.as_mapping().unwrap()[0].key;
    assert_eq!(src(text, key), "key");
    assert_eq!(key.anchor.as_deref(), Some("k"));
}

#[test]
fn aliases_are_expanded_with_their_own_span() {
    let text = "base: &b\n  x: 1\n  y: [2, 3]\nuse: *b\nlist: [*b, &s str, *s]\n";
    let r = root(text);
    let base = r.get("base").unwrap();
    let used = r.get("use").unwrap();
    assert_eq!(src(text, used), "*b");
    assert_eq!(used.alias_of, Some(base.span));
    assert_eq!(used.anchor, None);
    assert_eq!(used.kind, base.kind);
    // Children of the expansion keep the anchored node's spans.
    assert_eq!(used.get("x").unwrap().span, base.get("x").unwrap().span);
    let list = r.get("list").unwrap().as_sequence().unwrap();
    assert_eq!(src(text, &list[0]), "*b");
    assert_eq!(list[2].scalar_text(), Some("str"));
    assert_eq!(src(text, &list[2]), "*s");
    assert_eq!(list[2].alias_of, Some(list[1].span));
}

#[test]
fn flow_collections() {
    let text = "a: [1, \"two\", {k: v}, [x: y], []]\nb: { p: q , r: [s] }\n";
    let r = root(text);
    let a = r.get("a").unwrap();
    assert_eq!(src(text, a), "[1, \"two\", {k: v}, [x: y], []]");
    let items = a.as_sequence().unwrap();
    assert_eq!(src(text, &items[1]), "\"two\"");
    assert_eq!(src(text, &items[2]), "{k: v}");
    // `[x: y]` holds a single-pair mapping without braces.
    let pair = &items[3].as_sequence().unwrap()[0];
    assert_eq!(src(text, pair), "x: y");
    assert_eq!(src(text, &items[4]), "[]");
    assert_eq!(src(text, r.get("b").unwrap()), "{ p: q , r: [s] }");
}

#[test]
fn crlf_spans() {
    let text = "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 'q'\r\n";
    let r = root(text);
    assert_eq!(src(text, r.get("a").unwrap()), "1");
    assert_eq!(src(text, r.get("b").unwrap()), "|\r\n  x\r\n  y");
    assert_eq!(r.get("b").unwrap().scalar_text(), Some("x\ny\n"));
    assert_eq!(src(text, r.get("c").unwrap()), "'q'");
}

#[test]
fn bom_is_skipped() {
    let text = "\u{feff}a: 值\nb: 2\n";
    let r = root(text);
    assert_eq!(r.as_mapping().unwrap()[0].key.span, Span::new(3, 4));
    assert_eq!(src(text, r.get("a").unwrap()), "值");
}

#[test]
fn value_to_source_maps_exact_characters() {
    let text = "p: $.a > 1\nd: \"名 && x\"\ne: \"a\\tb\"\ns: 'it''s'\nm: plain\n  folded\n";
    let r = root(text);
    let p = r.get("p").unwrap();
    let gt = p.scalar_text().unwrap().find('>').unwrap();
    let span = p.value_to_source(text, gt..gt + 1);
    assert_eq!(&text[span.range()], ">");
    let d = r.get("d").unwrap();
    let amp = d.scalar_text().unwrap().find("&&").unwrap();
    let span = d.value_to_source(text, amp..amp + 2);
    assert_eq!(&text[span.range()], "&&");
    // Escapes, doubled quotes and folded lines are traced too (this used to give the whole
    // scalar; changed on purpose).
    let e = r.get("e").unwrap();
    let tab = e.scalar_text().unwrap().find('\t').unwrap();
    assert_eq!(&text[e.value_to_source(text, tab..tab + 1).range()], "\\t");
    assert_eq!(&text[e.value_to_source(text, 0..1).range()], "a");
    let s = r.get("s").unwrap();
    assert_eq!(&text[s.value_to_source(text, 2..3).range()], "''");
    assert_eq!(&text[s.value_to_source(text, 0..1).range()], "i");
    let m = r.get("m").unwrap();
    let f = m.scalar_text().unwrap().find('f').unwrap();
    assert_eq!(&text[m.value_to_source(text, f..f + 1).range()], "f");
    // The space produced by folding maps to the line break.
    assert_eq!(&text[m.value_to_source(text, f - 1..f).range()], "\n");
    // Out of range: the whole scalar.
    assert_eq!(p.value_to_source(text, 0..100), p.span);
}

/// The value and the source span of the lone `=` in `$.a == "x" && $.b = 2`, however the
/// condition is written.
#[test]
fn value_to_source_finds_one_character_in_every_style() {
    let forms = [
        r#"c: "$.a == \"x\" && $.b = 2""#,
        r#"c: '$.a == ''x'' && $.b = 2'"#,
        "c: >-\n  $.a == \"x\" &&\n  $.b = 2\n",
        "c: |-\n  $.a == \"x\" && $.b = 2\n",
        "c: $.a == \"x\" &&\n  $.b = 2\n",
        "c: \"$.a ==\n  \\\"x\\\" &&\n\n  $.b = 2\"\n",
        "c: 'pre\n\n  $.a == ''x'' && $.b = 2'\n",
        "c: >\n  $.a == \"x\" && $.b\n  = 2\n",
        "c:\r\n  $.a == \"x\" &&\r\n  $.b = 2\r\n",
    ];
    for text in forms {
        let c = root(text).get("c").unwrap().clone();
        let value = c.scalar_text().unwrap();
        assert!(value.trim_end().ends_with("$.b = 2"), "{value:?}");
        let eq = value.rfind(" = ").unwrap() + 1;
        let span = c.value_to_source(text, eq..eq + 1);
        // The `=` of `$.b = 2` (or `= 2`) in the source, not anything around it.
        let expected = text.rfind("= 2").unwrap();
        assert_eq!(span, Span::new(expected, expected + 1), "{text:?}");
        // A longer range covers exactly the source of its characters.
        let x = value.find(['"', '\'']).unwrap();
        let span = c.value_to_source(text, x..x + 3);
        let written = &text[span.range()];
        assert!(
            ["\"x\"", "\\\"x\\\"", "''x''"].contains(&written),
            "{text:?}: {written:?}"
        );
        // Empty ranges are empty spans at the character.
        assert_eq!(
            c.value_to_source(text, eq..eq),
            Span::empty(expected),
            "{text:?}"
        );
    }
}

#[test]
fn value_to_source_traces_every_character() {
    // Each character maps to the source that produced it: itself, an escape, a doubled quote,
    // or the line break that folding turned into a space or a line feed.
    let text = "\
a: \"x\\u00e9\\U0001F600\\x41\\n\\t\\/\\ \\N\\_\\L\\P\\0\\a\\b\\v\\f\\r\\e\\\"\\\\\"
b: \"a \\
   b

  c  \"
c: 'it''s
  multi  
  line'
d: >2-
   more
  normal
  folded

  end
e: plain with  two  spaces
  and    more
f: |-
  α β γ

  δ
g: |+
  kept


h: \"first
  \\  second\"
i: >
  a
  b

  c
    d
  e
j: \"tab\\\tx\"
";
    let r = root(text);
    let mut checked = 0;
    r.walk(|n| {
        let Some(value) = n.scalar_text() else {
            return;
        };
        let mut previous_end = n.span.start;
        for (i, ch) in value.char_indices() {
            let span = n.value_to_source(text, i..i + ch.len_utf8());
            let written = &text[span.range()];
            let ok = written == ch.to_string()
                || (written.starts_with('\\') && written.len() >= 2)
                || (written == "''" && ch == '\'')
                || (written == "\n" && (ch == ' ' || ch == '\n'));
            assert!(ok, "{value:?}[{i}] {ch:?} <- {written:?}");
            assert!(span.start >= previous_end, "{value:?}[{i}] out of order");
            previous_end = span.end;
            checked += 1;
        }
    });
    assert!(checked > 150, "{checked}");
}

#[test]
fn value_to_source_falls_back_when_the_source_does_not_match() {
    let text = "c: \"a\\tb\"\n";
    let c = root(text).get("c").unwrap().clone();
    // Another text at the same offsets: nothing can be traced.
    let other = "c: \"zzzzz\"\n";
    assert_eq!(c.value_to_source(other, 0..1), c.span);
    // Not a character boundary, reversed, or past the end.
    let text = "c: \"é\\n\"\n";
    let c = root(text).get("c").unwrap().clone();
    assert_eq!(c.value_to_source(text, 1..2), c.span);
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 2..1;
    assert_eq!(c.value_to_source(text, reversed), c.span);
    assert_eq!(c.value_to_source(text, 0..9), c.span);
    // The end of the value: empty, before the closing quote.
    let end = c.scalar_text().unwrap().len();
    assert_eq!(&text[c.value_to_source(text, 2..end).range()], "\\n");
    assert_eq!(
        c.value_to_source(text, end..end),
        Span::empty(text.len() - 2)
    );
}

#[test]
fn quoted_scalars_end_at_their_closing_quote() {
    let text = "a: 'x'  # c\nb: \"y\\\"\"   \nc: [ 'p''q' , \"r\" ]\n";
    let r = root(text);
    assert_eq!(src(text, r.get("a").unwrap()), "'x'");
    assert_eq!(src(text, r.get("b").unwrap()), "\"y\\\"\"");
    let c = r.get("c").unwrap().as_sequence().unwrap();
    assert_eq!(src(text, &c[0]), "'p''q'");
    assert_eq!(src(text, &c[1]), "\"r\"");
}

#[test]
fn root_scalar_and_sequence() {
    let text = "just text\n";
    let r = root(text);
    assert_eq!(src(text, &r), "just text");
    let text = "- a\n- b: c\n  d: e\n";
    let r = root(text);
    let items = r.as_sequence().unwrap();
    assert_eq!(src(text, &r), "- a\n- b: c\n  d: e");
    assert_eq!(src(text, &items[1]), "b: c\n  d: e");
    assert!(matches!(items[1].kind, NodeKind::Mapping(_)));
}

#[test]
fn snapshot_flow_file() {
    let text = "\
version: v1
type: flow
steps:   # the steps
  - type: task
    name: 调用函数
    resourceArn: !Ref Service/Function
    inputMappings:
      - target: x
        source: $input.x   # trailing
  - type: choice
    name: mychoice
    choices:
      - condition: $.x > 1 && $.name == \"名字\"
        goto: end
    default:
      goto: end
  - type: pass
    name: end
    description: |
      multi
      # not a comment
";
    let parsed = parse(text);
    check_spans(text, &parsed);
    insta::assert_snapshot!(render(text, &parsed));
}

/// Checks that every one-line plain scalar's span covers exactly its value, and every
/// comment's span its `#` and text: a shifted span shows in both.
fn assert_spans_cover_their_text(text: &str) -> fdl_syntax::Parsed {
    let parsed = parse(text);
    check_spans(text, &parsed);
    if let Some(root) = &parsed.root {
        root.walk(|n| {
            if let Some(s) = n.as_scalar()
                && s.style == ScalarStyle::Plain
                && !s.value.contains('\n')
                && n.alias_of.is_none()
            {
                assert_eq!(&text[n.span.range()], s.value, "{text:?}: {:?}", n.span);
            }
        });
    }
    for c in &parsed.comments {
        assert_eq!(&text[c.span.range()], format!("#{}", c.text), "{text:?}");
    }
    parsed
}

#[test]
fn non_ascii_directive_lines_do_not_shift_later_spans() {
    for text in [
        "%YAML 1.2 # é 名\n---\na: b # c\n",
        "%FOO é x\n---\na: b # c\n",
        "%YAML 1.2\n%FOO é\n%BAR 名字 😀 # 注\n---\n名: 值 # c\n",
        "%é\n---\na: b\n",
        "\u{feff}%FOO é\n---\na: b\n",
        "# 注释\n\n%FOO é\n---\na: b\n",
        "%FOO é\r%BAR 名\r\n---\ra: b # c\r",
    ] {
        let parsed = assert_spans_cover_their_text(text);
        assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
        let root = parsed.root.expect("a root");
        assert_eq!(root.as_mapping().map(<[_]>::len), Some(1), "{text:?}");
    }
    // Comments on directive lines are comments, and the ones after them are found exactly.
    let text = "%FOO é # 注\n%YAML 1.2 # 名\n%TAG !e! tag:x,2000: # é\n--- # 😀\na: b # c\n";
    let parsed = assert_spans_cover_their_text(text);
    let comments: Vec<&str> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(comments, [" 注", " 名", " é", " 😀", " c"]);
    // Directives after `...` shift the next document: the second `---` is found exactly.
    let text = "a: 1\n...\n%FOO é 名\n---\nb: 2\n";
    let parsed = assert_spans_cover_their_text(text);
    let second = parsed
        .errors
        .iter()
        .find(|e| e.kind == SyntaxErrorKind::MultipleDocuments)
        .expect("a second document");
    assert_eq!(
        second.span,
        Span::new(text.find("---").unwrap(), text.find("---").unwrap() + 3)
    );
    // A `%` line inside a document is not a directive: nothing is shifted around it.
    for text in [
        "a: |\n  %FOO é\nb: c\n",
        "a: \"x\n  %FOO é\"\nb: c\n",
        "a: 名\n%FOO é\nb: c\n",
    ] {
        assert_spans_cover_their_text(text);
    }
}

#[test]
fn indentless_sequence_starting_with_a_sequence_starts_at_its_first_dash() {
    // (text, the start of every sequence, outermost first)
    for (text, starts) in [
        ("key:\n- - a\n", &[5, 7][..]),
        ("key:\n-   - a\n- b\n", &[5, 9]),
        ("key:\n- - - a\n", &[5, 7, 9]),
        ("key:\n- # c\n  - a\n", &[5, 13]),
        ("key:\n-\n  - a\n", &[5, 9]),
        ("key:\n  - - a\n", &[7, 9]),
        ("key: !t\n- - a\n", &[8, 10]),
        ("key: &x\n-   - a\n", &[8, 12]),
        ("key: !t # c\n- - a\n", &[12, 14]),
        ("k:\n  key:\n  - - a\n", &[12, 14]),
        ("- key:\n  - - a\n", &[0, 9, 11]),
        ("? k\n: - - a\n", &[6, 8]),
        ("key:\r- - a\r", &[5, 7]),
        ("- - - a\n", &[0, 2, 4]),
    ] {
        let parsed = assert_spans_cover_their_text(text);
        assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
        let mut found = Vec::new();
        parsed.root.as_ref().unwrap().walk(|n| {
            if n.as_sequence().is_some() {
                found.push(n.span.start);
            }
        });
        assert_eq!(found, starts, "{text:?}");
    }
}

#[test]
fn empty_explicit_keys_sit_right_after_their_question_mark() {
    // (text, offset of the `?` of the empty key)
    for (text, q) in [
        ("a: 1\n? \n", 5),
        ("a: 1\n?\n", 5),
        ("a: 1\n? ", 5),
        ("? a\n?\n", 4),
        ("? a\n? # c\n\n# d\n", 4),
        ("?\n? x\n", 0),
        ("? \n: v\n", 0),
        ("? # c\n: v\n", 0),
        ("- ? \n  : v\n", 2),
        ("a:\n  ? \nb: 1\n", 5),
        ("a: 1\r\n?\r\n", 6),
        ("a: 1\r?\r", 5),
        ("{? }", 1),
    ] {
        let parsed = assert_spans_cover_their_text(text);
        assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
        let mut keys = Vec::new();
        parsed.root.as_ref().unwrap().walk(|n| {
            for e in n.as_mapping().unwrap_or_default() {
                if e.key.scalar_text() == Some("") {
                    keys.push(e.key.span);
                }
            }
        });
        assert_eq!(keys.first(), Some(&Span::empty(q + 1)), "{text:?}");
    }
    // A mapping holding only an empty key ends right after it, not at the next line.
    let r = root("a:\n  ? \nb: 1\n");
    assert_eq!(r.get("a").unwrap().span, Span::new(5, 6));
    // The missing value of an explicit key sits right after the key, not at the next `?` or
    // the next item's `-`.
    let text = "? a\n?\n";
    let r = root(text);
    assert_eq!(r.as_mapping().unwrap()[0].value.span, Span::empty(3));
    let text = "- ? k\n- b\n";
    let r = root(text);
    let item = r.as_sequence().unwrap()[0].as_mapping().unwrap();
    assert_eq!(item[0].value.span, Span::empty(5));
    assert_eq!(r.as_sequence().unwrap()[0].span, Span::new(2, 5));
}
