//! Tests of the path and condition parsers (fdl_model::expr).

use fdl_model::expr::{
    BinaryOp, Expr, ExprError, MAX_DEPTH, Path, Root, Segment, SourceKind, UnaryOp,
    classify_source, parse_condition, parse_path,
};
use fdl_syntax::Span;

fn sp(start: usize, end: usize) -> Span {
    Span::new(start, end)
}

/// The span of the first occurrence of `needle` in `text`.
fn at(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle present");
    sp(start, start + needle.len())
}

fn path(text: &str) -> Path {
    parse_path(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e:?}"))
}

fn path_err(text: &str) -> ExprError {
    match parse_path(text) {
        Ok(p) => panic!("{text:?} should fail, got {p:?}"),
        Err(e) => e,
    }
}

fn cond(text: &str) -> Expr {
    parse_condition(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e:?}"))
}

fn cond_err(text: &str) -> ExprError {
    match parse_condition(text) {
        Ok(e) => panic!("{text:?} should fail, got {e:?}"),
        Err(e) => e,
    }
}

fn segments(p: &Path) -> Vec<Segment> {
    p.segments.iter().map(|s| s.segment.clone()).collect()
}

fn field(name: &str) -> Segment {
    Segment::Field(name.to_string())
}

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

#[test]
fn path_roots() {
    for (text, root) in [
        ("$input", Root::Input),
        ("$local", Root::Local),
        ("$context", Root::Context),
        ("$", Root::Current),
    ] {
        let p = path(text);
        assert_eq!(p.root, root, "{text}");
        assert!(p.segments.is_empty(), "{text}");
        assert_eq!(p.root_span, sp(0, text.len()), "{text}");
        assert_eq!(p.span, sp(0, text.len()), "{text}");
        assert_eq!(p.to_string(), text);
    }
}

#[test]
fn path_fields_and_spans() {
    let p = path("$input.a.b");
    assert_eq!(segments(&p), vec![field("a"), field("b")]);
    assert_eq!(p.segments[0].span, sp(6, 8));
    assert_eq!(p.segments[1].span, sp(8, 10));
    assert_eq!(p.segments[1].name_span(), sp(9, 10));
    assert_eq!(p.field_names(), vec!["a", "b"]);
}

#[test]
fn path_with_index() {
    let text = "$input.events[0].oss.object.key";
    let p = path(text);
    assert_eq!(p.root, Root::Input);
    assert_eq!(p.root_span, sp(0, 6));
    assert_eq!(
        segments(&p),
        vec![
            field("events"),
            Segment::Index(0),
            field("oss"),
            field("object"),
            field("key")
        ]
    );
    assert_eq!(p.segments[1].span, sp(13, 16));
    assert_eq!(p.segments[1].name_span(), sp(14, 15));
    assert_eq!(p.field_names(), vec!["events", "oss", "object", "key"]);
    assert_eq!(p.span, sp(0, text.len()));
    assert_eq!(p.to_string(), text);
}

#[test]
fn path_wildcards() {
    let p = path("$local[*].parts[*]");
    assert_eq!(p.root, Root::Local);
    assert_eq!(
        segments(&p),
        vec![Segment::Wildcard, field("parts"), Segment::Wildcard]
    );
    assert_eq!(p.segments[0].span, sp(6, 9));
    assert_eq!(p.segments[0].name_span(), sp(7, 8));
    assert_eq!(p.segments[2].span, sp(15, 18));
    assert_eq!(p.field_names(), vec!["parts"]);

    let p = path("$local[0].video_key");
    assert_eq!(segments(&p), vec![Segment::Index(0), field("video_key")]);
    assert_eq!(p.to_string(), "$local[0].video_key");
}

#[test]
fn path_context_and_dollar() {
    let p = path("$context.task.token");
    assert_eq!(p.root, Root::Context);
    assert_eq!(p.root_span, sp(0, 8));
    assert_eq!(p.field_names(), vec!["task", "token"]);

    let p = path("$.names");
    assert_eq!(p.root, Root::Current);
    assert_eq!(p.root_span, sp(0, 1));
    assert_eq!(segments(&p), vec![field("names")]);
    assert_eq!(p.segments[0].span, sp(1, 7));

    let p = path("$.detectFaceData.FaceCount");
    assert_eq!(p.field_names(), vec!["detectFaceData", "FaceCount"]);
}

#[test]
fn path_quoted_names() {
    let p = path("$.a['b-c']");
    assert_eq!(segments(&p), vec![field("a"), field("b-c")]);
    assert_eq!(p.segments[1].span, sp(3, 10));
    assert_eq!(p.segments[1].name_span(), sp(5, 8));

    let p = path(r#"$input["x y"].z"#);
    assert_eq!(segments(&p), vec![field("x y"), field("z")]);
    assert_eq!(p.segments[0].span, sp(6, 13));
    assert_eq!(p.segments[0].name_span(), sp(8, 11));
    assert_eq!(p.to_string(), "$input['x y'].z");

    // Both quote kinds; the canonical form picks the one the name does not contain.
    assert_eq!(path(r#"$.a["it's"]"#).to_string(), r#"$.a["it's"]"#);
    // `-` is a plain name character, so the canonical form drops the brackets.
    assert_eq!(path("$.a['b-c']").to_string(), "$.a.b-c");
    // An operator character would end the name inside a condition: keep the brackets.
    assert_eq!(path("$input.a=b").to_string(), "$input['a=b']");
}

#[test]
fn path_names_are_lenient() {
    // Non-ASCII, `-`, digits, `_` and `$` are all name characters.
    let p = path("$input.名前");
    assert_eq!(segments(&p), vec![field("名前")]);
    assert_eq!(p.segments[0].span, sp(6, 13));
    assert_eq!(p.segments[0].name_span(), sp(7, 13));
    assert_eq!(
        p.span,
        sp(0, 13),
        "byte offsets, not characters: 名前 is 6 bytes"
    );

    let p = path("$input.a-b.0c._d.$e");
    assert_eq!(
        segments(&p),
        vec![field("a-b"), field("0c"), field("_d"), field("$e")]
    );
    // A whole mapping-source text is one path, so operator characters are name characters.
    assert_eq!(segments(&path("$input.a==b")), vec![field("a==b")]);
    assert_eq!(
        segments(&path("$local[12345]")),
        vec![Segment::Index(12345)]
    );
}

#[test]
fn path_errors_point_at_the_offending_characters() {
    let cases: &[(&str, Span, &str)] = &[
        ("$input.", sp(7, 7), "expected a field name after `.`"),
        ("$input..a", sp(7, 8), "expected a field name after `.`"),
        ("$input[", sp(7, 7), "after `[`"),
        ("$input[x]", sp(7, 8), "`.x` or `['x']`"),
        ("$input.a b", sp(8, 9), "a path cannot contain spaces"),
        ("$input.a  \tb", sp(8, 11), "a path cannot contain spaces"),
        ("$input.a ", sp(8, 9), "a path cannot contain spaces"),
        ("$input[0", sp(8, 8), "expected `]`"),
        ("$input[0x]", sp(8, 9), "expected `]`"),
        ("$input[]", sp(7, 8), "between `[` and `]`"),
        ("$input['a", sp(7, 9), "unterminated quoted name"),
        (
            "$input[0]x",
            sp(9, 10),
            "expected `.`, `[` or the end of the path",
        ),
        ("$input]", sp(6, 7), "unexpected `]`"),
        ("$input.a'b'", sp(8, 9), "quoted name goes in brackets"),
        ("$.'a'", sp(2, 3), "in brackets without the dot"),
        (
            "$input.[0]",
            sp(7, 8),
            "expected a field name after `.`, found `[`",
        ),
        ("$input[99999999999999999999]", sp(7, 27), "too large"),
        ("input.a", sp(0, 1), "a path starts with"),
        ("", sp(0, 0), "expected a path"),
    ];
    for &(text, span, needle) in cases {
        let e = path_err(text);
        assert_eq!(e.span, span, "{text:?}: {}", e.message);
        assert!(
            e.message.contains(needle),
            "{text:?}: {:?} lacks {needle:?}",
            e.message
        );
    }
}

#[test]
fn unknown_roots_suggest_the_closest() {
    let cases: &[(&str, Span, Option<&str>)] = &[
        ("$inputs.x", sp(0, 7), Some("$input")),
        ("$Input.x", sp(0, 6), Some("$input")),
        ("$INPUT", sp(0, 6), Some("$input")),
        ("$inptu.a", sp(0, 6), Some("$input")),
        ("$locals", sp(0, 7), Some("$local")),
        ("$loc.a", sp(0, 4), Some("$local")),
        ("$ctx.x", sp(0, 4), Some("$context")),
        ("$contxt.task", sp(0, 7), Some("$context")),
        ("$foo.x", sp(0, 4), None),
        ("$名前", sp(0, 7), None),
    ];
    for &(text, span, suggestion) in cases {
        let e = path_err(text);
        assert_eq!(e.span, span, "{text:?}: {}", e.message);
        assert!(e.message.starts_with("unknown root `"), "{}", e.message);
        assert!(
            e.message.contains("`$input`, `$local` or `$context`"),
            "{}",
            e.message
        );
        match suggestion {
            Some(s) => assert!(
                e.message.ends_with(&format!("did you mean `{s}`?")),
                "{text:?}: {}",
                e.message
            ),
            None => assert!(!e.message.contains("did you mean"), "{}", e.message),
        }
    }
}

#[test]
fn classify_sources() {
    let reference = |text: &str| match classify_source(text) {
        Ok(SourceKind::Reference(p)) => p,
        other => panic!("{text:?}: {other:?}"),
    };
    let dollar = |text: &str| match classify_source(text) {
        Ok(SourceKind::DollarPath(p)) => p,
        other => panic!("{text:?}: {other:?}"),
    };
    assert_eq!(reference("$input").root, Root::Input);
    assert_eq!(reference("$input.a.b").field_names(), vec!["a", "b"]);
    assert_eq!(reference("$local[*].name").root, Root::Local);
    assert_eq!(reference("$context.task.token").root, Root::Context);
    assert_eq!(dollar("$").root, Root::Current);
    assert_eq!(dollar("$.messageTag").field_names(), vec!["messageTag"]);
    assert_eq!(segments(&dollar("$[0]")), vec![Segment::Index(0)]);
    // Counting from the end: not documented, so not refused.
    assert_eq!(
        segments(&parse_path("$input.items[-1]").unwrap()),
        vec![field("items"), Segment::Index(-1)]
    );

    for constant in [
        "",
        "pass1",
        "POST",
        "http://httpbin.org/post",
        "100",
        "-1",
        "/",
        "$5",
        "$ 100",
        "${region}",
        "$_x",
        "$$",
        "$-",
        "a $input",
        " $input",
        "Failed to execute subflow",
    ] {
        assert_eq!(
            classify_source(constant),
            Ok(SourceKind::Constant),
            "{constant:?}"
        );
    }

    // A root-like word is a reference attempt, not a constant.
    for (text, span) in [
        ("$inputs.x", sp(0, 7)),
        ("$foo", sp(0, 4)),
        ("$Local.a", sp(0, 6)),
        ("$名前", sp(0, 7)),
    ] {
        let e = classify_source(text).expect_err(text);
        assert_eq!(e.span, span, "{text}");
        assert!(e.message.starts_with("unknown root"), "{}", e.message);
    }
    // Malformed references and dollar paths are errors too.
    assert_eq!(classify_source("$input.").unwrap_err().span, sp(7, 7));
    assert_eq!(classify_source("$local[x]").unwrap_err().span, sp(7, 8));
    assert_eq!(classify_source("$input.a[").unwrap_err().span, sp(9, 9));
    assert_eq!(classify_source("$.").unwrap_err().span, sp(2, 2));
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

/// A compact rendering of a condition tree, for structure assertions.
fn show(e: &Expr) -> String {
    match e {
        Expr::Path(p) => p.to_string(),
        Expr::String { value, .. } => format!("{value:?}"),
        Expr::Number { value, .. } => format!("{value}"),
        Expr::Bool { value, .. } => format!("{value}"),
        Expr::Null { .. } => "null".to_string(),
        Expr::Array { items, .. } => {
            let items: Vec<String> = items.iter().map(show).collect();
            format!("[{}]", items.join(", "))
        }
        Expr::Unary { op, expr, .. } => {
            let op = match op {
                UnaryOp::Not => "!",
                UnaryOp::Neg => "-",
            };
            format!("({op}{})", show(expr))
        }
        Expr::Binary { op, lhs, rhs, .. } => {
            format!("({} {} {})", show(lhs), op.as_str(), show(rhs))
        }
    }
}

#[test]
fn real_conditions_parse() {
    let cases = [
        (r#"$.status == "ready""#, r#"($.status == "ready")"#),
        ("$.hasMore", "$.hasMore"),
        ("$.faceIndex < $.faceCount", "($.faceIndex < $.faceCount)"),
        ("$.offset_bytes != -1", "($.offset_bytes != -1)"),
        (r#"$.marker != """#, r#"($.marker != "")"#),
        (r#"$.audited == "true""#, r#"($.audited == "true")"#),
        (
            "$.detectFaceData.FaceCount == 0",
            "($.detectFaceData.FaceCount == 0)",
        ),
        (
            "$.has_more && ($.event_id >= 4000 || $.total_group_count >= $.total_group_threshold)",
            "($.has_more && (($.event_id >= 4000) || ($.total_group_count >= $.total_group_threshold)))",
        ),
        (
            "$.total_size <= $.small_file_limit",
            "($.total_size <= $.small_file_limit)",
        ),
        ("!$.done", "(!$.done)"),
        (r#"$.name =~ "^a.*""#, r#"($.name =~ "^a.*")"#),
        (r#"$.name !~ "^a.*""#, r#"($.name !~ "^a.*")"#),
        (r#"$.x in ["a", "b"]"#, r#"($.x in ["a", "b"])"#),
        ("$.s == `x`", r#"($.s == "x")"#),
        ("$.s == 'x'", r#"($.s == "x")"#),
    ];
    for (text, expected) in cases {
        assert_eq!(show(&cond(text)), expected, "{text}");
    }
}

#[test]
fn condition_spans() {
    let text = "$.has_more && ($.event_id >= 4000 || $.x)";
    let e = cond(text);
    assert_eq!(e.span(), sp(0, text.len()));
    let Expr::Binary {
        op,
        op_span,
        lhs,
        rhs,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*op, BinaryOp::And);
    assert_eq!(*op_span, at(text, "&&"));
    assert_eq!(lhs.span(), at(text, "$.has_more"));
    // Parentheses are not part of the operand's span.
    assert_eq!(rhs.span(), at(text, "$.event_id >= 4000 || $.x"));
    let Expr::Binary {
        op, op_span, lhs, ..
    } = rhs.as_ref()
    else {
        panic!("{rhs:?}")
    };
    assert_eq!(*op, BinaryOp::Or);
    assert_eq!(*op_span, at(text, "||"));
    let Expr::Binary { rhs: n, .. } = lhs.as_ref() else {
        panic!("{lhs:?}")
    };
    assert_eq!(
        **n,
        Expr::Number {
            value: 4000.0,
            span: at(text, "4000")
        }
    );

    // Parentheses around an operand belong to the enclosing operator's span.
    assert_eq!(cond("$.a && ($.b)").span(), sp(0, 12));
    assert_eq!(cond("($.a) && $.b").span(), sp(0, 12));
    assert_eq!(cond("!($.a)").span(), sp(0, 6));
    assert_eq!(cond(" ( $.a ) ").span(), sp(3, 6));

    let text = "!$.done";
    let Expr::Unary {
        op,
        op_span,
        expr,
        span,
    } = cond(text)
    else {
        panic!()
    };
    assert_eq!((op, op_span, span), (UnaryOp::Not, sp(0, 1), sp(0, 7)));
    assert_eq!(expr.span(), sp(1, 7));
}

#[test]
fn condition_spans_after_non_ascii_text() {
    let text = r#"$.名前 == "値""#;
    let Expr::Binary {
        op_span, lhs, rhs, ..
    } = cond(text)
    else {
        panic!()
    };
    assert_eq!(lhs.span(), sp(0, 8));
    assert_eq!(op_span, sp(9, 11));
    assert_eq!(
        *rhs,
        Expr::String {
            value: "値".to_string(),
            span: sp(12, 17)
        }
    );

    let text = r#"$.名前 == "値" &&"#;
    let e = cond_err(text);
    assert_eq!(e.span, sp(20, 20));
    assert_eq!(e.message, "expected a value after `&&`");

    let text = r#"$.名前 == "値" && $.x = 1"#;
    let e = cond_err(text);
    assert_eq!(e.span, sp(25, 26));
}

#[test]
fn literals() {
    let lit = |text: &str| cond(text);
    assert_eq!(
        lit("1"),
        Expr::Number {
            value: 1.0,
            span: sp(0, 1)
        }
    );
    assert_eq!(
        lit("12.5"),
        Expr::Number {
            value: 12.5,
            span: sp(0, 4)
        }
    );
    assert_eq!(
        lit("1e3"),
        Expr::Number {
            value: 1000.0,
            span: sp(0, 3)
        }
    );
    assert_eq!(
        lit("2.5E-1"),
        Expr::Number {
            value: 0.25,
            span: sp(0, 6)
        }
    );
    // `-1` is one literal; `- 1` is a negation.
    assert_eq!(
        lit("-1"),
        Expr::Number {
            value: -1.0,
            span: sp(0, 2)
        }
    );
    assert_eq!(show(&lit("- 1")), "(-1)");
    assert!(matches!(
        lit("- 1"),
        Expr::Unary {
            op: UnaryOp::Neg,
            ..
        }
    ));
    assert_eq!(show(&lit("-$.a")), "(-$.a)");
    assert_eq!(
        lit("true"),
        Expr::Bool {
            value: true,
            span: sp(0, 4)
        }
    );
    assert_eq!(
        lit("false"),
        Expr::Bool {
            value: false,
            span: sp(0, 5)
        }
    );
    assert_eq!(lit("null"), Expr::Null { span: sp(0, 4) });
    assert_eq!(
        lit("  $  "),
        Expr::Path(Path {
            root: Root::Current,
            root_span: sp(2, 3),
            segments: vec![],
            span: sp(2, 3)
        })
    );
}

#[test]
fn strings_unescape() {
    let string = |text: &str| match cond(text) {
        Expr::String { value, span } => {
            assert_eq!(span, sp(0, text.len()), "{text}");
            value
        }
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(string(r#""a\"b""#), "a\"b");
    assert_eq!(string(r#""a\\b""#), "a\\b");
    assert_eq!(string(r#""a\nb""#), "a\nb");
    assert_eq!(string(r#"'it\'s'"#), "it's");
    assert_eq!(string(r#"'say "hi"'"#), "say \"hi\"");
    // Unknown escapes keep their backslash, so regexes survive.
    assert_eq!(string(r#""^\d+\.txt$""#), r"^\d+\.txt$");
    // Backticks are raw.
    assert_eq!(string(r"`a\nb`"), r"a\nb");
    assert_eq!(string(r#""""#), "");
    assert_eq!(string("\"値\""), "値");
}

#[test]
fn precedence_and_associativity() {
    let cases = [
        ("$.a || $.b && $.c", "($.a || ($.b && $.c))"),
        ("$.a && $.b || $.c", "(($.a && $.b) || $.c)"),
        ("$.a == 1 && $.b != 2", "(($.a == 1) && ($.b != 2))"),
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("10 / 2 % 3", "((10 / 2) % 3)"),
        ("$.a + 1 > $.b * 2", "(($.a + 1) > ($.b * 2))"),
        ("!$.a == false", "((!$.a) == false)"),
        ("!!$.a", "(!(!$.a))"),
        ("$.a - 1", "($.a - 1)"),
        ("$.a -1", "($.a - 1)"),
        ("-$.a * 2", "((-$.a) * 2)"),
        ("$.x in (1, 2, 3)", "($.x in [1, 2, 3])"),
        ("$.x in [ ]", "($.x in [])"),
        ("$.x in [1, 2,]", "($.x in [1, 2])"),
        ("$.x in (1,)", "($.x in [1])"),
        ("$.a in $.list", "($.a in $.list)"),
        ("[[1], [2, 3]]", "[[1], [2, 3]]"),
        ("((($.a)))", "$.a"),
        ("$.a==1&&$.b!=\"x\"", "(($.a == 1) && ($.b != \"x\"))"),
        ("$.a[0].b == $input.c[*]", "($.a[0].b == $input.c[*])"),
        ("$['x y'] == $.z", "($['x y'] == $.z)"),
        ("$.a\n  && $.b", "($.a && $.b)"),
        ("$.a\u{3000}&&\u{a0}$.b", "($.a && $.b)"),
        ("$.video-key == 1", "($.video-key == 1)"),
        ("$.a == null", "($.a == null)"),
        ("$ == 1", "($ == 1)"),
    ];
    for (text, expected) in cases {
        assert_eq!(show(&cond(text)), expected, "{text}");
    }
    // A parenthesised list keeps its parentheses in the span.
    let text = "$.x in (1, 2)";
    let Expr::Binary { rhs, .. } = cond(text) else {
        panic!()
    };
    assert_eq!(rhs.span(), at(text, "(1, 2)"));
}

#[test]
fn paths_in_order() {
    let e = cond("$.a && ($.b[0] == $input.c || !$.d) && $.e in [$.f, 1]");
    let paths: Vec<String> = e.paths().iter().map(|p| p.to_string()).collect();
    assert_eq!(paths, ["$.a", "$.b[0]", "$input.c", "$.d", "$.e", "$.f"]);
    assert!(cond("1 == 1").paths().is_empty());
}

#[test]
fn condition_errors_point_at_the_exact_character() {
    let cases: &[(&str, Span, &str)] = &[
        ("$.a ==", sp(6, 6), "expected a value after `==`"),
        ("$.a = 1", sp(4, 5), "did you mean `==`?"),
        ("$.a == \"x", sp(7, 9), "unterminated string"),
        ("$.a == 'x", sp(7, 9), "unterminated string"),
        ("$.a == `x", sp(7, 9), "unterminated string"),
        ("$.a == \"x\\\"", sp(7, 11), "unterminated string"),
        ("($.a > 1", sp(8, 8), "the `(` at character 1"),
        ("$.a && ($.b > 1", sp(15, 15), "the `(` at character 8"),
        (
            "$.a > > 1",
            sp(6, 7),
            "expected a value after `>`, found `>`",
        ),
        ("$.a and $.b", sp(4, 7), "did you mean `&&`?"),
        ("$.a AND $.b", sp(4, 7), "did you mean `&&`?"),
        ("$.a or $.b", sp(4, 6), "did you mean `||`?"),
        ("$.a & $.b", sp(4, 5), "did you mean `&&`?"),
        ("$.a | $.b", sp(4, 5), "did you mean `||`?"),
        ("not $.a", sp(0, 3), "did you mean `!`?"),
        ("$.a == 1 $.b", sp(9, 12), "expected an operator"),
        ("", sp(0, 0), "empty condition"),
        ("   ", sp(3, 3), "empty condition"),
        ("$.a == 1)", sp(8, 9), "unmatched `)`"),
        ("$.a == 1]", sp(8, 9), "unmatched `]`"),
        (")", sp(0, 1), "expected a value, found `)`"),
        ("()", sp(1, 2), "expected a value after `(`, found `)`"),
        ("$.a == ", sp(7, 7), "expected a value after `==`"),
        (
            "$.a == )",
            sp(7, 8),
            "expected a value after `==`, found `)`",
        ),
        (
            "$.a == and",
            sp(7, 10),
            "expected a value after `==`, found `and`",
        ),
        ("$.status == ready", sp(12, 17), "`\"ready\"`"),
        ("$.a == True", sp(7, 11), "did you mean `true`?"),
        ("$.a == NULL", sp(7, 11), "did you mean `null`?"),
        ("$.a == 1 ? 2", sp(9, 10), "unexpected character: `?`"),
        ("$.a == 1 #x", sp(9, 10), "unexpected character"),
        (
            "$. == 1",
            sp(2, 3),
            "expected a field name after `.`, found a space",
        ),
        ("$.a. == 1", sp(4, 5), "expected a field name after `.`"),
        ("$.a.", sp(4, 4), "expected a field name after `.`"),
        ("$.a[x] == 1", sp(4, 5), "expected an index"),
        ("$.a[0 == 1", sp(5, 6), "expected `]`"),
        ("$foo == 1", sp(0, 4), "did you mean `$.foo`?"),
        ("$inptu.a == 1", sp(0, 6), "did you mean `$input`?"),
        (
            "[1, 2",
            sp(5, 5),
            "expected `]` to close the `[` at character 1",
        ),
        ("[1 2]", sp(3, 4), "expected an operator, `,` or `]`"),
        (
            "($.a > 1 $.b)",
            sp(9, 12),
            "expected an operator, `,` or `)`",
        ),
        ("($.a = 1)", sp(5, 6), "did you mean `==`?"),
        ("$.a, $.b", sp(3, 4), "unexpected `,`"),
        ("$.a == 1.", sp(8, 9), "unexpected character: `.`"),
        ("$.a == -", sp(8, 8), "expected a value after `-`"),
        ("!", sp(1, 1), "expected a value after `!`"),
    ];
    for &(text, span, needle) in cases {
        let e = cond_err(text);
        assert_eq!(e.span, span, "{text:?}: {}", e.message);
        assert!(
            e.message.contains(needle),
            "{text:?}: {:?} lacks {needle:?}",
            e.message
        );
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "(".repeat(10_000) + "1" + &")".repeat(10_000);
    let e = cond_err(&deep);
    assert_eq!(e.span, sp(MAX_DEPTH, MAX_DEPTH + 1));
    assert!(e.message.contains("too many nested"), "{}", e.message);

    for prefix in ["!", "[", "- "] {
        let deep = prefix.repeat(10_000) + "1";
        let e = cond_err(&deep);
        assert!(
            e.message.contains("too many nested"),
            "{prefix}: {}",
            e.message
        );
    }

    // Just inside the limit parses.
    let ok = "(".repeat(MAX_DEPTH) + "1" + &")".repeat(MAX_DEPTH);
    assert_eq!(show(&cond(&ok)), "1");

    // A long chain builds a deep tree without recursion; it is capped too.
    let chain = vec!["$.a"; 10_000].join(" && ");
    let e = cond_err(&chain);
    assert!(e.message.contains("too complex"), "{}", e.message);
    let chain = vec!["$.a"; 100].join(" || ");
    assert_eq!(cond(&chain).paths().len(), 100);
}

#[test]
fn no_panic_on_odd_input() {
    // Every prefix of some tricky texts, cut at every char boundary: errors, never panics.
    let texts = [
        r#"$.名前 == "値" && ($input['a b'][0] != `x\` || !-1e3 in [1, (2)])"#,
        "$local[*].parts[*] =~ '\\'' !~ \"\\",
        "$[99999999999999999999999] $[-] $[*x] $['] ${} $$ $.é.ü",
    ];
    for text in texts {
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let _ = parse_condition(&text[..i]);
            let _ = parse_path(&text[..i]);
            let _ = classify_source(&text[..i]);
            if let Err(e) = parse_condition(&text[..i]) {
                assert!(
                    e.span.end <= i && e.span.start <= e.span.end,
                    "{:?}",
                    &text[..i]
                );
                assert!(text[..i].is_char_boundary(e.span.start));
                assert!(text[..i].is_char_boundary(e.span.end));
            }
        }
    }
}

#[test]
fn no_panic_on_random_token_soup() {
    // Deterministic pseudo-random texts built from pieces of the grammar.
    const PIECES: &[&str] = &[
        "$", "$input", "$local", "$context", "$in", ".", "..", "[", "]", "[*]", "[0]", "['", "'",
        "\"", "`", "\\", "a", "名", "-", "1", "2.5", "e", "(", ")", ",", "==", "=", "!", "!=", "<",
        ">=", "=~", "&&", "&", "||", "|", "+", "*", "/", "%", "in", "and", "true", "null", " ",
        "\t", "\u{3000}", "?",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let len = (next() % 12) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        for e in [
            parse_condition(&text).err(),
            parse_path(&text).err(),
            classify_source(&text).err(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{text:?}"
            );
            assert!(text.is_char_boundary(e.span.start), "{text:?}");
            assert!(text.is_char_boundary(e.span.end), "{text:?}");
            assert!(!e.message.is_empty());
        }
        // What parses prints back to a path that parses to the same segments.
        if let Ok(p) = parse_path(&text) {
            let again = parse_path(&p.to_string()).expect("canonical text parses");
            assert_eq!(segments(&again), segments(&p), "{text:?}");
        }
    }
}

/// Renders an error under its text with a caret line, for review in the snapshot.
fn render(text: &str, e: &ExprError) -> String {
    let col = text[..e.span.start].chars().count();
    let width = text[e.span.range()].chars().count().max(1);
    format!(
        "{text}\n{}{} {}..{}: {}\n",
        " ".repeat(col),
        "^".repeat(width),
        e.span.start,
        e.span.end,
        e.message
    )
}

#[test]
fn error_messages_snapshot() {
    let paths = [
        "$input.",
        "$input..a",
        "$input[",
        "$input[x]",
        "$input[-x]",
        "$input.a b",
        "$input[0",
        "$input['a",
        "$input[0]x",
        "$input.a'b'",
        "$inputs.x",
        "$Input.x",
        "$locals",
        "$ctx.x",
        "$foo.x",
    ];
    let conditions = [
        "",
        "$.a ==",
        "$.a = 1",
        "$.a == \"x",
        "($.a > 1",
        "$.a > > 1",
        "$.a and $.b",
        "$.a or $.b",
        "$.a == 1 $.b",
        "$.a == 1)",
        "$.status == ready",
        "$.a == True",
        "$. == 1",
        "$foo == 1",
        "[1 2]",
        "$.a, $.b",
        "$.a == 1 ? 2",
    ];
    let mut out = String::from("## paths\n\n");
    for text in paths {
        out.push_str(&render(text, &path_err(text)));
    }
    out.push_str("\n## conditions\n\n");
    for text in conditions {
        out.push_str(&render(text, &cond_err(text)));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn long_flat_chains_are_fine() {
    // Real conditions list many alternatives; only absurd lengths are refused, and dropping
    // the deepest accepted tree fits the 2 MiB test-thread stack.
    let chain = |n: usize| {
        (0..n)
            .map(|i| format!("$.a == \"{i}\""))
            .collect::<Vec<_>>()
            .join(" || ")
    };
    assert!(parse_condition(&chain(201)).is_ok());
    assert!(parse_condition(&chain(fdl_model::expr::MAX_TREE_DEPTH)).is_ok());
    let e = parse_condition(&chain(fdl_model::expr::MAX_TREE_DEPTH + 2)).unwrap_err();
    assert!(e.message.contains("too complex"), "{}", e.message);
}
