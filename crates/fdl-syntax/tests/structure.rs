//! Document-level rules and limits: duplicate and merge keys, several documents, empty input,
//! alias bombs and deep nesting.

mod support;

use fdl_syntax::{
    ALIAS_EXPANSION_FACTOR, MAX_ALIAS_NODES, MAX_DEPTH, Node, Parsed, Span, SyntaxErrorKind, parse,
};
use support::check_spans;

fn parsed(text: &str) -> Parsed {
    let p = parse(text);
    check_spans(text, &p);
    p
}

fn count(node: &Node) -> usize {
    let mut n = 0;
    node.walk(|_| n += 1);
    n
}

/// Runs `f` on a thread with the default 2 MiB test stack: the realistic constraint.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn duplicate_keys_keep_both_entries() {
    let text = "name: a\ntype: pass\nname: b\n\"name\": c\nother: {x: 1, x: 2}\n";
    let p = parsed(text);
    let dups: Vec<_> = p
        .errors
        .iter()
        .filter_map(|e| match &e.kind {
            SyntaxErrorKind::DuplicateKey { key, first } => Some((key.clone(), *first, e.span)),
            _ => None,
        })
        .collect();
    assert_eq!(dups.len(), 3, "{:?}", p.errors);
    assert_eq!(
        dups[0],
        ("name".to_string(), Span::new(0, 4), Span::new(19, 23))
    );
    // Keys compare by decoded value: `"name"` is `name`. `first` stays the first occurrence.
    assert_eq!(dups[1].0, "name");
    assert_eq!(dups[1].1, Span::new(0, 4));
    assert_eq!(&text[dups[1].2.range()], "\"name\"");
    assert_eq!(dups[2].0, "x");
    assert!(
        p.errors[0].message.contains("line 1"),
        "{}",
        p.errors[0].message
    );
    let r = p.root.unwrap();
    assert_eq!(r.as_mapping().unwrap().len(), 5);
    // `get` finds the first.
    assert_eq!(r.get("name").unwrap().scalar_text(), Some("a"));
}

#[test]
fn duplicate_keys_in_large_mappings() {
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&format!("k{i}: {i}\n"));
    }
    text.push_str("k7: again\nk99: again\n");
    let p = parsed(&text);
    let keys: Vec<_> = p
        .errors
        .iter()
        .filter_map(|e| match &e.kind {
            SyntaxErrorKind::DuplicateKey { key, .. } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(keys, vec!["k7", "k99"]);
}

#[test]
fn merge_keys_are_reported_and_applied() {
    // Behaviour changed on purpose: `<<` used to merge nothing; the service's loader merges.
    let text = "base: &b {x: 1, y: 1}\nstep:\n  <<: *b\n  y: 2\nquoted:\n  \"<<\": *b\n";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].kind, SyntaxErrorKind::MergeKey);
    assert_eq!(&text[p.errors[0].span.range()], "<<");
    let root = p.root.as_ref().unwrap();
    let base = root.get("base").unwrap();
    let step = root.get("step").unwrap();
    let keys: Vec<_> = step
        .as_mapping()
        .unwrap()
        .iter()
        .map(|e| e.key.scalar_text().unwrap())
        .collect();
    // The `<<` entry stays; `y` is set by the mapping itself, so only `x` is merged.
    assert_eq!(keys, ["<<", "y", "x"]);
    assert_eq!(step.get("y").and_then(Node::as_i64), Some(2));
    assert!(step.get("<<").unwrap().alias_of.is_some());
    // Merged entries keep the spans of the merged text.
    let merged = step.get_entry("x").unwrap();
    assert_eq!(merged.key.span, base.get_entry("x").unwrap().key.span);
    assert_eq!(merged.value.span, base.get("x").unwrap().span);
    assert_eq!(&text[merged.key.span.range()], "x");
    // A quoted `"<<"` is an ordinary key.
    let quoted = root.get("quoted").unwrap();
    assert_eq!(quoted.as_mapping().unwrap().len(), 1);
}

#[test]
fn merge_lists_nested_merges_and_inline_mappings() {
    let text = "\
a: &a {x: a, w: a}
b: &b {x: b, z: b, <<: *a}
c:
  <<: [*b, {w: inline, v: inline}, *a]
  own: c
d:
  <<: {p: 1}
e:
  <<: 5
  k: 1
";
    let p = parsed(text);
    let kinds: Vec<_> = p.errors.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(kinds, vec![SyntaxErrorKind::MergeKey; 4], "{:?}", p.errors);
    let root = p.root.unwrap();
    let entries = |key: &str| -> Vec<(String, String)> {
        root.get(key)
            .unwrap()
            .as_mapping()
            .unwrap()
            .iter()
            .filter(|e| e.key.scalar_text() != Some("<<"))
            .map(|e| {
                let v = e.value.scalar_text().unwrap_or("?");
                (e.key.scalar_text().unwrap().to_string(), v.to_string())
            })
            .collect()
    };
    let pairs = |items: &[(&str, &str)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    // `b` sets `x` itself and gets `w` from `a`.
    assert_eq!(entries("b"), pairs(&[("x", "b"), ("z", "b"), ("w", "a")]));
    // Earlier mappings of the list win, and a merged mapping brings its own merges (`w` from
    // `a` through `b`); the mapping's own keys win over all.
    assert_eq!(
        entries("c"),
        pairs(&[
            ("own", "c"),
            ("x", "b"),
            ("z", "b"),
            ("w", "a"),
            ("v", "inline")
        ])
    );
    assert_eq!(entries("d"), pairs(&[("p", "1")]));
    // A `<<` whose value is not a mapping merges nothing.
    assert_eq!(entries("e"), pairs(&[("k", "1")]));
}

#[test]
fn merged_keys_are_not_duplicates() {
    let text = "\
a: &a {x: 1, y: 1}
b: &b {x: 2, y: 2}
m:
  y: 0
  <<: [*a, *b]
";
    let p = parsed(text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].kind, SyntaxErrorKind::MergeKey);
    let m = p.root.as_ref().unwrap().get("m").unwrap();
    assert_eq!(m.as_mapping().unwrap().len(), 3);
    assert_eq!(m.get("x").and_then(Node::as_i64), Some(1));
    assert_eq!(m.get("y").and_then(Node::as_i64), Some(0));
    // A key written twice is still reported, merge or not.
    let p = parsed("a: &a {x: 1}\nm:\n  <<: *a\n  k: 1\n  k: 2\n");
    assert!(
        p.errors
            .iter()
            .any(|e| matches!(&e.kind, SyntaxErrorKind::DuplicateKey { key, .. } if key == "k"))
    );
}

#[test]
fn merge_bomb_is_cut() {
    // Each level merges the previous one and holds two mappings that merge it too: every
    // level is about six times the size of the one before, through merges as much as aliases.
    let mut text = String::from("l0: &l0 {k0: [a, a, a, a, a, a, a, a, a, a]}\n");
    for i in 1..16 {
        let p = i - 1;
        text.push_str(&format!(
            "l{i}: &l{i} {{<<: *l{p}, k{i}: {{<<: *l{p}}}, m{i}: {{<<: *l{p}}}}}\n"
        ));
    }
    let started = std::time::Instant::now();
    let p = parsed(&text);
    let limit = p
        .errors
        .iter()
        .filter(|e| e.kind == SyntaxErrorKind::AliasLimit)
        .count();
    assert_eq!(limit, 1, "{:?}", p.errors);
    let total = count(&p.root.unwrap());
    assert!(total < MAX_ALIAS_NODES + 2000, "{total} nodes");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn multiple_documents() {
    let text = "a: 1\n---\nb: 2\n---\nc: 3\n";
    let p = parsed(text);
    assert_eq!(p.document_count, 3);
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].kind, SyntaxErrorKind::MultipleDocuments);
    assert_eq!(p.errors[0].span, Span::new(5, 8));
    let r = p.root.unwrap();
    assert!(r.get("a").is_some() && r.get("b").is_none());
    // After an explicit end, the next document starts at its first token.
    let text = "a: 1\n...\nb: 2\n";
    let p = parsed(text);
    assert_eq!(p.document_count, 2);
    assert_eq!(p.errors[0].span, Span::empty(9));
    // Duplicate keys are checked in the first document only.
    let p = parsed("a: 1\n---\nb: 1\nb: 2\n");
    assert_eq!(p.errors.len(), 1);
}

#[test]
fn single_documents() {
    for text in ["---\na: 1\n", "# c\n---\na: 1\n...\n", "a: 1\n...\n"] {
        let p = parsed(text);
        assert_eq!(p.document_count, 1, "{text:?}");
        assert!(p.errors.is_empty(), "{text:?}: {:?}", p.errors);
        assert!(p.root.unwrap().get("a").is_some());
    }
    // `---` alone: one empty document.
    let p = parsed("---\n");
    assert_eq!(p.document_count, 1);
    assert!(p.root.unwrap().is_null());
}

#[test]
fn empty_inputs() {
    for text in [
        "",
        "\n\n",
        "# only a comment\n",
        "\u{feff}",
        "\u{feff}# c\n",
        "   \n  # x\n",
    ] {
        let p = parsed(text);
        assert!(p.root.is_none(), "{text:?}");
        assert_eq!(p.document_count, 0, "{text:?}");
        assert!(p.errors.is_empty(), "{text:?}: {:?}", p.errors);
    }
}

#[test]
fn alias_bomb_is_cut() {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for c in "bcdefghijk".chars() {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{c}: &{c} [{refs}]\n"));
        prev = c;
    }
    let started = std::time::Instant::now();
    let p = parsed(&text);
    let limit: Vec<_> = p
        .errors
        .iter()
        .filter(|e| e.kind == SyntaxErrorKind::AliasLimit)
        .collect();
    assert_eq!(limit.len(), 1);
    assert_eq!(&text[limit[0].span.range()][..1], "*");
    let root = p.root.unwrap();
    let total = count(&root);
    assert!(total < MAX_ALIAS_NODES + 2000, "{total} nodes");
    // Aliases past the budget are Error nodes that still say what they pointed at.
    let k = root.get("k").unwrap().as_sequence().unwrap();
    assert!(k[0].is_error());
    assert!(k[0].alias_of.is_some());
    assert!(started.elapsed().as_secs() < 5);
}

/// A flow of `steps` task steps that all use the same 30-item `inputMappings` through an alias.
fn flow_reusing_an_anchor(steps: usize) -> String {
    let mut text = String::from(
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: init\n    inputMappings: &m\n",
    );
    for i in 0..30 {
        text.push_str(&format!(
            "      - target: field{i}\n        source: $input.field{i}\n"
        ));
    }
    for i in 0..steps {
        text.push_str(&format!(
            "  - type: task\n    name: call{i}\n    resourceArn: acs:fc:::services/s/functions/f\n    inputMappings: *m\n"
        ));
    }
    text
}

#[test]
fn alias_budget_grows_with_the_input() {
    // 800 steps x 151 nodes of expansion is past MAX_ALIAS_NODES, but within 20 times the
    // nodes written.
    let text = flow_reusing_an_anchor(800);
    assert!((80_000..110_000).contains(&text.len()), "{}", text.len());
    let p = parsed(&text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let steps = p.root.as_ref().unwrap().get("steps").unwrap();
    let steps = steps.as_sequence().unwrap();
    assert_eq!(steps.len(), 801);
    for step in steps {
        let mappings = step.get("inputMappings").unwrap().as_sequence().unwrap();
        assert_eq!(mappings.len(), 30);
    }
}

#[test]
fn alias_bomb_in_a_large_file_is_cut() {
    // The budget grows with the input, but the output stays a fixed multiple of it.
    let mut text = flow_reusing_an_anchor(2000);
    text.push_str("bomb:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for c in "bcdefghijklmn".chars() {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("  {c}: &{c} [{refs}]\n"));
        prev = c;
    }
    // The nodes written: the same text with every alias read as a plain scalar.
    let written = count(&parse(&text.replace('*', "")).root.unwrap());
    let started = std::time::Instant::now();
    let p = parsed(&text);
    assert!(started.elapsed().as_secs() < 10);
    let limit: Vec<_> = p
        .errors
        .iter()
        .filter(|e| e.kind == SyntaxErrorKind::AliasLimit)
        .collect();
    assert_eq!(limit.len(), 1, "{:?}", p.errors);
    let root = p.root.unwrap();
    let total = count(&root);
    assert!(total > MAX_ALIAS_NODES, "{total} nodes");
    assert!(
        total <= (ALIAS_EXPANSION_FACTOR + 1) * written,
        "{total} nodes for {written} written"
    );
    // The steps before the bomb are all there.
    let steps = root.get("steps").unwrap().as_sequence().unwrap();
    assert!(
        steps
            .iter()
            .all(|s| s.get("inputMappings").unwrap().as_sequence().is_some())
    );
}

#[test]
fn deep_flow_sequences_on_a_small_stack() {
    for depth in [10_000usize, 100_000] {
        let summary = on_small_stack(move || {
            let text = "[".repeat(depth) + &"]".repeat(depth);
            let p = parse(&text);
            check_spans(&text, &p);
            let deep: Vec<_> = p
                .errors
                .iter()
                .filter(|e| e.kind == SyntaxErrorKind::TooDeep)
                .collect();
            (deep.len(), p.errors.len(), p.root.map(|r| count(&r)))
        });
        assert_eq!(summary.0, 1, "depth {depth}");
        assert_eq!(summary.1, 1, "depth {depth}");
        let nodes = summary.2.unwrap();
        assert!(nodes <= MAX_DEPTH + 1, "{nodes}");
    }
}

#[test]
fn deep_flow_mappings_on_a_small_stack() {
    for depth in [10_000usize, 100_000] {
        let (deep, errors, nodes) = on_small_stack(move || {
            let text = "{a: ".repeat(depth) + "1" + &"}".repeat(depth);
            let p = parse(&text);
            check_spans(&text, &p);
            let deep = p
                .errors
                .iter()
                .filter(|e| e.kind == SyntaxErrorKind::TooDeep)
                .count();
            (deep, p.errors.len(), p.root.map(|r| count(&r)))
        });
        assert_eq!((deep, errors), (1, 1), "depth {depth}");
        assert!(nodes.unwrap() <= 2 * MAX_DEPTH + 1);
    }
}

#[test]
fn deep_block_nesting_on_a_small_stack() {
    let (deep, nodes, error_depth) = on_small_stack(|| {
        let text = "- ".repeat(100_000) + "x\n";
        let p = parse(&text);
        check_spans(&text, &p);
        let deep = p
            .errors
            .iter()
            .filter(|e| e.kind == SyntaxErrorKind::TooDeep)
            .count();
        let root = p.root.unwrap();
        // Follow the first items down to the Error node.
        let mut node = &root;
        let mut depth = 1;
        while let Some(items) = node.as_sequence() {
            node = &items[0];
            depth += 1;
        }
        assert!(node.is_error());
        (deep, count(&root), depth)
    });
    assert_eq!(deep, 1);
    assert_eq!(nodes, MAX_DEPTH + 1);
    // MAX_DEPTH collections, then the Error node in place of the next one.
    assert_eq!(error_depth, MAX_DEPTH + 1);
}

#[test]
fn nesting_at_the_limit_is_kept() {
    let text = "[".repeat(200) + &"]".repeat(200);
    let p = parsed(&text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(count(&p.root.unwrap()), 200);
}

#[test]
fn deep_flow_inside_a_document_keeps_the_rest() {
    let text = format!("a: 1\nb: {}{}\nc: 2\n", "[".repeat(300), "]".repeat(300));
    let p = parsed(&text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].kind, SyntaxErrorKind::TooDeep);
    let r = p.root.unwrap();
    assert_eq!(r.get("c").and_then(|n| n.as_i64()), Some(2));
    assert_eq!(r.get("a").and_then(|n| n.as_i64()), Some(1));
}

#[test]
fn large_flow_file() {
    // About 1.5 MB of steps with non-ASCII text, flow collections, block scalars and comments.
    // No time assertion; `cargo test -- --nocapture` shows it (well under a second in a debug
    // build on the reference machine, most of it in saphyr).
    let mut text = String::from("version: v1\ntype: flow\nsteps:\n");
    let mut steps = 0;
    while text.len() < 1_500_000 {
        text.push_str(&format!(
            "  - type: task   # step {steps}\n    name: 步骤{steps}\n    inputMappings: [{{target: a, source: $input.x}}, {{target: 名字, source: \"值 {steps}\"}}]\n    condition: $.x > {steps} && $.y == \"abc\"\n    body: |\n      line {steps}\n      # not a comment\n"
        ));
        steps += 1;
    }
    let started = std::time::Instant::now();
    let p = parse(&text);
    println!("{} bytes parsed in {:?}", text.len(), started.elapsed());
    assert!(p.errors.is_empty());
    assert_eq!(p.comments.len(), steps);
    let items = p
        .root
        .as_ref()
        .unwrap()
        .get("steps")
        .unwrap()
        .as_sequence()
        .unwrap();
    assert_eq!(items.len(), steps);
    let last = &items[steps - 1];
    assert_eq!(
        last.get("name").unwrap().scalar_text(),
        Some(format!("步骤{}", steps - 1).as_str())
    );
    check_spans(&text, &p);
}
