//! `Parsed::comments`: every `#` comment outside scalars, with its span and `own_line`.

mod support;

use fdl_syntax::{Span, parse};
use support::check_spans;

fn comments(text: &str) -> Vec<(String, bool)> {
    let parsed = parse(text);
    check_spans(text, &parsed);
    parsed
        .comments
        .iter()
        .map(|c| (text[c.span.range()].to_string(), c.own_line))
        .collect()
}

#[test]
fn own_line_and_trailing() {
    let text = "# head\nkey: value # trailing\n  # indented own line\nlist:\n  - a #x\n";
    assert_eq!(
        comments(text),
        vec![
            ("# head".to_string(), true),
            ("# trailing".to_string(), false),
            ("# indented own line".to_string(), true),
            ("#x".to_string(), false),
        ]
    );
    let parsed = parse(text);
    assert_eq!(parsed.comments[1].text, " trailing");
    assert_eq!(parsed.comments[1].span, Span::new(18, 28));
}

#[test]
fn hash_inside_scalars_is_not_a_comment() {
    let text = "\
a: \"not # a comment\"
b: 'nor # this'
c: value#no-space
d: |
  # inside a block scalar
  text # still text
e: >-
  folded # text
f: \"multi
  # line quoted\"
g: [x, \"#y\"] # real
";
    assert_eq!(comments(text), vec![("# real".to_string(), false)]);
}

#[test]
fn comments_after_quoted_scalars() {
    // saphyr's events for these scalars used to run over the comment, which was then lost.
    let text = "a: 'x'  # one\nb: \"y\" # two\n";
    assert_eq!(
        comments(text),
        vec![("# one".to_string(), false), ("# two".to_string(), false)]
    );
    let text = "- 'it''s' # three\n- \"q\\\"\" # four\n";
    assert_eq!(
        comments(text),
        vec![
            ("# three".to_string(), false),
            ("# four".to_string(), false)
        ]
    );
}

#[test]
fn comments_around_block_scalars() {
    let text = "a: | # header\n  body\n# after, own line\nb: 1\n";
    assert_eq!(
        comments(text),
        vec![
            ("# header".to_string(), false),
            ("# after, own line".to_string(), true)
        ]
    );
}

#[test]
fn crlf_and_bom() {
    let text = "\u{feff}# first\r\na: 1 # t\r\n";
    let parsed = parse(text);
    check_spans(text, &parsed);
    assert_eq!(parsed.comments.len(), 2);
    assert_eq!(parsed.comments[0].span, Span::new(3, 10));
    assert_eq!(parsed.comments[0].text, " first");
    assert!(parsed.comments[0].own_line);
    // The `\r` of the line break is not part of the comment.
    assert_eq!(parsed.comments[1].text, " t");
    assert!(!parsed.comments[1].own_line);
}

#[test]
fn comments_in_a_file_without_documents() {
    let text = "# only\n   # comments\n";
    let parsed = parse(text);
    assert!(parsed.root.is_none());
    assert_eq!(parsed.document_count, 0);
    assert!(parsed.errors.is_empty());
    assert_eq!(parsed.comments.len(), 2);
}

#[test]
fn comments_on_document_markers_and_flow() {
    let text = "--- # doc\na: [1, # one\n  2]\n... # end\n";
    assert_eq!(
        comments(text),
        vec![
            ("# doc".to_string(), false),
            ("# one".to_string(), false),
            ("# end".to_string(), false),
        ]
    );
}

#[test]
fn comments_after_a_broken_line_are_kept_when_own_line() {
    // The broken line's `# x` may be part of the unclosed string: not reported. The own-line
    // comment below it is.
    let text = "a: \"open # x\nb: 1\n# own\n";
    let parsed = parse(text);
    check_spans(text, &parsed);
    let texts: Vec<&str> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec![" own"]);
}
