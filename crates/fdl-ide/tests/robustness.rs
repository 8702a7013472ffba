//! No input makes a feature panic or return a span outside the text or off a char boundary:
//! every fixture typed one character at a time, hostile texts, and a 2 MB flow.

mod support;

use fdl_ide::{Analysis, RuleLevels, Span};

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} not on char boundaries"
    );
}

/// Completion and hover at `offset`, with their spans checked.
fn complete_and_hover(a: &Analysis, offset: usize) {
    let text = a.text();
    // What the features answer for: the offset on a char boundary within the text, before
    // the `\r` of a CRLF rather than inside it.
    let mut cursor = fdl_ide_floor(text, offset.min(text.len()));
    if text[..cursor].ends_with('\r') && text[cursor..].starts_with('\n') {
        cursor -= 1;
    }
    for c in a.completions(offset) {
        check_span(text, c.replace, "completion");
        assert!(
            c.replace.start <= cursor && cursor <= c.replace.end,
            "completion {c:?} does not hold the cursor {cursor}"
        );
        assert!(
            !text[c.replace.range()].contains(['\n', '\r']),
            "{c:?} spans lines"
        );
    }
    if let Some(h) = a.hover(offset) {
        check_span(text, h.span, "hover");
    }
}

/// Every feature at `offset`.
fn everything(a: &Analysis, offset: usize) {
    let text = a.text();
    everything_but_actions(a, offset);
    let range = Span::new(offset, (offset + 40).min(text.len()));
    actions(a, Span::new(range.start, fdl_ide_floor(text, range.end)));
}

/// Every feature at `offset` but code actions (which run the whole check).
fn everything_but_actions(a: &Analysis, offset: usize) {
    let text = a.text();
    complete_and_hover(a, offset);
    for t in a.definition(offset) {
        check_span(text, t.full, "definition");
        check_span(text, t.focus, "definition");
    }
    for s in a.references(offset, true) {
        check_span(text, s, "references");
    }
    if let Ok(span) = a.prepare_rename(offset) {
        check_span(text, span, "prepare_rename");
        let edits = a
            .rename(offset, "renamed-step")
            .expect("prepare_rename accepted it");
        for e in &edits {
            check_span(text, e.span, "rename");
        }
    }
    for r in a.selection_ranges(&[offset]).concat() {
        check_span(text, r, "selection");
    }
}

fn actions(a: &Analysis, range: Span) {
    for action in a.code_actions(range, &RuleLevels::default()) {
        for e in &action.edits {
            check_span(a.text(), e.span, "code action");
        }
    }
}

fn fdl_ide_floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The whole-document features.
fn document(a: &Analysis) {
    let text = a.text();
    let _ = a.is_flow();
    for d in a.diagnostics(&RuleLevels::default()) {
        check_span(text, d.span, "diagnostic");
    }
    fn symbols(text: &str, s: &[fdl_ide::Symbol]) {
        for s in s {
            check_span(text, s.full, "symbol");
            check_span(text, s.focus, "symbol");
            symbols(text, &s.children);
        }
    }
    symbols(text, &a.document_symbols());
    let lines = text.matches('\n').count() as u32;
    for f in a.folding_ranges() {
        assert!(f.start_line < f.end_line && f.end_line <= lines, "{f:?}");
    }
    let tokens = a.semantic_tokens();
    for t in &tokens {
        check_span(text, t.span, "token");
        assert!(!text[t.span.range()].contains('\n'));
    }
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
}

/// The prefixes of `text` to try: all of them for small texts, a stride for larger ones (so
/// the test stays fast in a debug build).
fn prefix_ends(text: &str, max: usize) -> Vec<usize> {
    let stride = text.len().div_ceil(max).max(1);
    let mut ends: Vec<usize> = (0..=text.len()).step_by(stride).collect();
    ends.push(text.len());
    ends.retain(|&e| text.is_char_boundary(e));
    ends.dedup();
    ends
}

#[test]
fn typing_every_fixture() {
    let fixtures = support::repository_fixtures();
    assert!(fixtures.len() > 100, "fixtures not found");
    let started = std::time::Instant::now();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|scope| {
        for part in fixtures.chunks(fixtures.len().div_ceil(threads)) {
            scope.spawn(move || {
                for (path, text) in part {
                    let ends = prefix_ends(text, 300);
                    for (i, &end) in ends.iter().enumerate() {
                        let prefix = &text[..end];
                        let result = std::panic::catch_unwind(|| {
                            let a = Analysis::new(prefix.to_string());
                            complete_and_hover(&a, end);
                            if i % 40 == 0 || end == text.len() {
                                document(&a);
                                actions(&a, Span::new(0, end));
                                for k in 0..=4 {
                                    everything_but_actions(&a, fdl_ide_floor(prefix, end * k / 4));
                                }
                            }
                        });
                        if result.is_err() {
                            panic!("{path}: a feature panicked on the first {end} bytes");
                        }
                    }
                }
            });
        }
    });
    eprintln!(
        "typed {} fixtures in {:?}",
        fixtures.len(),
        started.elapsed()
    );
}

/// Texts that are broken in every way, with every feature at every offset.
#[test]
fn hostile_texts() {
    let deep = format!(
        "version: v1\ntype: flow\nsteps: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_blocks = {
        let mut t = String::from("version: v1\ntype: flow\nsteps:\n");
        for i in 0..100 {
            let pad = "  ".repeat(i + 1);
            t.push_str(&format!("{pad}- type: foreach\n{pad}  name: l{i}\n{pad}  iterationMapping:\n{pad}    collection: $.x\n{pad}    item: i\n{pad}  steps:\n"));
        }
        t
    };
    let texts: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        "type: flow\n\tsteps:\n\t\t- type: pass\n".into(),
        "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: \"unclosed\n    end: true\n".into(),
        "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: 'a\n    choices: [{condition: \"$.a ==\", goto: \n".into(),
        "this is not YAML at all: {[}] ::: - - - \"'\n\u{0}\u{7}".into(),
        "\u{feff}version: v1\r\ntype: flow\r\nsteps:\r\n  - type: pass\r\n    name: 名前\r\n".into(),
        "version: v1\ntype: flow\nsteps:\n  - &a {type: pass, name: x}\n  - *a\n  - <<: *a\n    name: y\n".into(),
        "type: flow\nsteps:\n- - - - -\n  -\n    -\n".into(),
        "type: flow\nsteps:\n  - type: task\n    name: t\n    serviceParams:\n      MessageBody: |\n        $.a\n        - not: a key\n    retry:\n      - errors: [FnF.ALL, \"FnF.\n".into(),
        "version: v1\ntype: flow\n---\ntype: flow\n...\n".into(),
        "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: 选择\n    choices:\n      - condition: $.状态 == \"好\" && $.数量 > ½\n        goto: 选择\n".into(),
        "type: flow\nsteps:\n  - type: pass\n    name: p\n    outputMappings:\n      - target: a\n        source: $local[*\n      - {target: b, source: \"$input.\n".into(),
        "version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches:\n      - steps:\n        - type: choice\n          name: c\n          choices:\n            - condition: $.a\n              goto: c\n".into(),
        deep,
        deep_blocks,
    ];
    for text in texts {
        let a = Analysis::new(text.clone());
        document(&a);
        let mut offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        if offsets.len() > 3000 {
            let stride = offsets.len() / 300;
            offsets = offsets.into_iter().step_by(stride).collect();
        }
        for &o in &offsets {
            everything(&a, o);
        }
        // Offsets past the end or inside a character are clamped.
        everything(&a, text.len() + 10);
        let _ = a.selection_ranges(&[usize::MAX]);
        let _ = a.code_actions(
            Span::new(usize::MAX - 1, usize::MAX),
            &RuleLevels::default(),
        );
        if let Some(o) = (0..text.len()).find(|&o| !text.is_char_boundary(o)) {
            everything(&a, o);
        }
    }
}

/// A 2 MB flow: every feature answers, each request without scanning the text more than a
/// few times (measured in release for the README; here, no hang and correct spans).
#[test]
fn two_megabyte_flow() {
    let text = fdl_bench::flow(7, 2_000_000);
    let started = std::time::Instant::now();
    let a = Analysis::new(text.clone());
    assert!(a.is_flow());
    document(&a);
    for k in 0..=10 {
        let o = fdl_ide_floor(&text, text.len() * k / 10);
        everything(&a, o);
    }
    // A key being typed in the last top-level task, which walks up the whole document.
    let task = text.rfind("\n  - type: task").expect("a task") + 1;
    let line_end = task + text[task..].find('\n').expect("a line");
    let mut typed = text.clone();
    typed.insert_str(line_end, "\n    timeout");
    let b = Analysis::new(typed);
    let items = b.completions(line_end + "\n    timeout".len());
    assert!(
        items.iter().any(|c| c.label == "timeoutSeconds"),
        "{items:?}"
    );
    eprintln!(
        "2 MB flow, every feature at 11 offsets: {:?}",
        started.elapsed()
    );
}
