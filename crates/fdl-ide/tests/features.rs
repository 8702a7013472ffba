//! Snapshots of hover, definition, references, rename, symbols, folding, selection ranges,
//! code actions, semantic tokens and diagnostics: a document with a `$0` cursor -> result.

mod support;

use fdl_ide::{Analysis, RuleLevels, Span, Symbol};
use support::{analysis, apply, cursor, mark, show};

fn snapshot(name: &str, fixture: &str, out: String) {
    // Fixtures built on FLOW are described by the cursor's line only.
    let description = match fixture.find("$0") {
        Some(at) if fixture.len() > 600 => {
            let start = fixture[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = fixture[at..].find('\n').map_or(fixture.len(), |i| at + i);
            format!(
                "FLOW, cursor on line {}: {}",
                fixture[..at].matches('\n').count() + 1,
                &fixture[start..end]
            )
        }
        _ if fixture.len() > 600 => "FLOW".to_string(),
        _ => fixture.to_string(),
    };
    insta::with_settings!({ description => description, omit_expression => true }, {
        insta::assert_snapshot!(name, out);
    });
}

/// A flow using every kind of reference: choice and catch gotos, nested lists, `$local`.
const FLOW: &str = r#"version: v1
type: flow
inputMappings:
  - target: orderId
    source: $input.orderId
steps:
  - type: task
    name: load-order
    resourceArn: acs:fc:::services/shop/functions/load
    outputMappings:
      - target: order
        source: $local.order
      - target: total
        source: $local.total
    retry:
      - errors: [FnF.TaskTimeout]
        maxAttempts: 2
    catch:
      - errors:
          - FnF.ALL
        goto: failed
  - type: choice
    name: check-total
    choices:
      - condition: $.total > 100 && $.order.vip == true
        goto: approve
      - condition: $.total <= 0
        steps:
          - type: pass
            name: approve
            outputMappings:
              - target: note
                source: nothing to pay
        goto: done
    default:
      goto: approve
  - type: task
    name: approve
    resourceArn: acs:mns:::/queues/approvals/messages
    pattern: waitForCallback
    serviceParams:
      MessageBody: $
      Priority: 1
    inputMappings:
      - target: total
        source: $local.total
      - target: token
        source: $context.task.token
  - type: succeed
    name: done
  - type: fail
    name: failed
    error: LoadFailed
outputMappings:
  - target: total
    source: $local.total
"#;

/// A goto naming a step of another list.
const MISSING: &str = "version: v1\ntype: flow\nsteps:\n  - type: parallel\n    name: p\n    branches:\n      - steps:\n          - type: choice\n            name: c\n            choices:\n              - condition: $.a == 1\n                goto: fin$0ish\n  - type: succeed\n    name: finish\n";

/// FLOW with the cursor put at the `n`-th occurrence (0-based) of `needle`, `offset` bytes
/// into it.
fn at(needle: &str, n: usize, offset: usize) -> String {
    let start = FLOW
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("`{needle}` #{n} not in FLOW"))
        .0
        + offset;
    format!("{}$0{}", &FLOW[..start], &FLOW[start..])
}

fn hover_text(fixture: &str) -> String {
    let (a, offset) = analysis(fixture);
    match a.hover(offset) {
        Some(h) => format!("{}\n---\n{}", show(a.text(), h.span), h.markdown),
        None => "(no hover)".to_string(),
    }
}

#[test]
fn hover() {
    let cases = [
        ("hover_goto", at("goto: approve", 0, 7)),
        ("hover_catch_goto", at("goto: failed", 0, 8)),
        ("hover_goto_to_sibling_of_choice", at("goto: done", 0, 7)),
        ("hover_goto_missing", MISSING.to_string()),
        ("hover_step_name", at("name: approve", 1, 8)),
        ("hover_local_source", at("source: $local.total", 1, 16)),
        ("hover_local_root", at("source: $local.total", 1, 10)),
        ("hover_flow_output_local", at("source: $local.total", 2, 17)),
        ("hover_context_member", at("$context.task.token", 0, 12)),
        ("hover_key", at("maxAttempts", 0, 3)),
        ("hover_step_type", at("type: choice", 0, 8)),
        ("hover_pattern_value", at("waitForCallback", 0, 4)),
        ("hover_resource_arn", at("acs:mns", 0, 4)),
        ("hover_service_param", at("Priority", 0, 2)),
        ("hover_builtin_error", at("FnF.ALL", 0, 5)),
        ("hover_builtin_error_flow_list", at("FnF.TaskTimeout", 0, 5)),
        ("hover_nothing_in_condition", at("$.total > 100", 0, 9)),
    ];
    for (name, fixture) in cases {
        snapshot(name, &fixture, hover_text(&fixture));
    }
}

fn targets_text(a: &Analysis, targets: &[fdl_ide::Target]) -> String {
    if targets.is_empty() {
        return "(none)".to_string();
    }
    targets
        .iter()
        .map(|t| {
            assert!(t.full.start <= t.focus.start && t.focus.end <= t.full.end);
            format!(
                "focus {}\nfull starts {}",
                show(a.text(), t.focus),
                show(a.text(), Span::empty(t.full.start))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn definition() {
    let cases = [
        ("definition_choice_goto", at("goto: approve", 0, 8)),
        ("definition_default_goto", at("goto: approve", 1, 8)),
        ("definition_catch_goto", at("goto: failed", 0, 6)),
        ("definition_from_branch", at("goto: done", 0, 7)),
        ("definition_missing", MISSING.to_string()),
        ("definition_local", at("source: $local.total", 1, 17)),
        (
            "definition_flow_output_local",
            at("source: $local.total", 2, 17),
        ),
        ("definition_nothing", at("maxAttempts", 0, 1)),
    ];
    for (name, fixture) in cases {
        let (a, offset) = analysis(&fixture);
        snapshot(name, &fixture, targets_text(&a, &a.definition(offset)));
    }
}

fn spans_text(a: &Analysis, spans: &[Span]) -> String {
    if spans.is_empty() {
        return "(none)".to_string();
    }
    spans
        .iter()
        .map(|s| show(a.text(), *s))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn references() {
    for (name, fixture, declaration) in [
        ("references_from_name", at("name: approve", 1, 7), true),
        ("references_from_goto", at("goto: approve", 1, 7), false),
        ("references_nested_list", at("name: approve", 0, 7), true),
        ("references_from_branch_goto", at("name: done", 0, 7), true),
    ] {
        let (a, offset) = analysis(&fixture);
        snapshot(
            name,
            &fixture,
            spans_text(&a, &a.references(offset, declaration)),
        );
    }
}

#[test]
fn rename() {
    let fixture = at("name: approve", 1, 9);
    let (a, offset) = analysis(&fixture);
    let span = a.prepare_rename(offset).expect("a step name");
    assert_eq!(&a.text()[span.range()], "approve");
    let edits = a.rename(offset, "send for approval").expect("renamed");
    snapshot("rename_step", &fixture, apply(a.text(), &edits));
    // The nested `approve` is another list's step: untouched above, renamed alone here.
    let fixture = at("name: approve", 0, 9);
    let (a, offset) = analysis(&fixture);
    let edits = a.rename(offset, "ok").expect("renamed");
    assert_eq!(edits.len(), 1, "{edits:?}");
    // From a goto; a name a sibling already has is refused.
    let fixture = at("goto: failed", 0, 7);
    let (a, offset) = analysis(&fixture);
    let refused = a.rename(offset, "done").unwrap_err();
    assert!(refused.contains("already exists"), "{refused}");
    let edits = a.rename(offset, "load-failed").expect("renamed");
    let renamed = apply(a.text(), &edits);
    assert!(renamed.contains("goto: load-failed") && renamed.contains("name: load-failed"));
    assert!(fdl_check::check_source(&renamed).is_empty());
    // Quoted names keep their quotes; the span offered for renaming excludes them.
    let (a, offset) = analysis(
        "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a == 1\n        goto: 'go on'\n  - type: pass\n    name: \"go $0on\"\n",
    );
    let span = a.prepare_rename(offset).unwrap();
    assert_eq!(&a.text()[span.range()], "go on");
    let renamed = apply(a.text(), &a.rename(offset, "it's next").unwrap());
    assert!(
        renamed.contains("goto: 'it''s next'") && renamed.contains("name: \"it's next\""),
        "{renamed}"
    );
    // Not on a name.
    let (a, offset) = analysis(&at("maxAttempts", 0, 2));
    assert!(a.prepare_rename(offset).is_err());
    // A goto naming no step.
    let (a, offset) = analysis(MISSING);
    assert!(
        a.prepare_rename(offset)
            .unwrap_err()
            .contains("no step named `finish`")
    );
}

fn symbols_text(a: &Analysis, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        assert!(
            s.full.start <= s.focus.start && s.focus.end <= s.full.end,
            "{s:?}"
        );
        for c in &s.children {
            assert!(
                s.full.start <= c.full.start && c.full.end <= s.full.end,
                "{c:?} in {s:?}"
            );
        }
        out.push_str(&format!(
            "{}{:?} {} ({}) focus {:?}\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail,
            &a.text()[s.focus.range()]
        ));
        symbols_text(a, &s.children, depth + 1, out);
    }
}

#[test]
fn document_symbols() {
    let a = Analysis::new(FLOW.to_string());
    let mut out = String::new();
    symbols_text(&a, &a.document_symbols(), 0, &mut out);
    snapshot("symbols", FLOW, out);
    let parallel = "version: v1\ntype: flow\nname: fan-out\nsteps:\n  - type: parallel\n    name: both\n    branches:\n      - steps:\n          - type: pass\n            name: left\n      - steps:\n          - type: foreach\n            name: each\n            iterationMapping:\n              collection: $.xs\n              item: x\n            steps:\n              - name: untyped\n              - type: bogus\n                name: odd\n";
    let a = Analysis::new(parallel.to_string());
    let mut out = String::new();
    symbols_text(&a, &a.document_symbols(), 0, &mut out);
    snapshot("symbols_parallel_foreach", parallel, out);
}

#[test]
fn folding_ranges() {
    let text = "# A flow.\n# Two comment lines.\nversion: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: >-\n          $.a == 1\n          && $.b == 2\n        goto: d\n  - type: pass\n    name: d\n";
    let a = Analysis::new(text.to_string());
    let lines: Vec<&str> = text.lines().collect();
    let out = a
        .folding_ranges()
        .iter()
        .map(|f| {
            format!(
                "{:?} {}..{}: {} … {}",
                f.kind,
                f.start_line,
                f.end_line,
                lines[f.start_line as usize],
                lines[f.end_line as usize].trim()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    snapshot("folding", text, out);
}

#[test]
fn selection_ranges() {
    for (name, fixture) in [
        ("selection_path_segment", at("$local.order", 0, 9)),
        ("selection_step_name", at("name: check-total", 0, 8)),
        ("selection_condition", at("$.order.vip", 0, 4)),
    ] {
        let (a, offset) = analysis(&fixture);
        let ranges = &a.selection_ranges(&[offset])[0];
        for pair in ranges.windows(2) {
            assert!(
                pair[1].start <= pair[0].start && pair[0].end <= pair[1].end,
                "{ranges:?}"
            );
        }
        let out = ranges
            .iter()
            .take(7)
            .map(|s| {
                let t = &a.text()[s.range()];
                let first = t.lines().next().unwrap_or("");
                format!(
                    "{:?} {first:?}{}",
                    s,
                    if t.contains('\n') { " …" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        snapshot(name, &fixture, out);
    }
}

fn actions_text(fixture: &str) -> String {
    let (text, offset) = cursor(fixture);
    let a = Analysis::new(text);
    let actions = a.code_actions(Span::empty(offset), &RuleLevels::default());
    if actions.is_empty() {
        return "(no actions)".to_string();
    }
    actions
        .iter()
        .map(|action| {
            let after = apply(a.text(), &action.edits);
            let codes: Vec<&str> = action.fixes.iter().map(|(c, _)| c.as_str()).collect();
            format!(
                "## {} [{:?}{}] fixes {}\n{}",
                action.title,
                action.kind,
                if action.preferred { ", preferred" } else { "" },
                codes.join(", "),
                after
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn code_actions() {
    let head = "version: v1\ntype: flow\n";
    let cases = [
        (
            "action_did_you_mean",
            format!(
                "{head}steps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.a == 1\n        goto: fial$0ed\n  - type: fail\n    name: failed\n"
            ),
        ),
        (
            "action_dollar_path_source",
            format!(
                "{head}steps:\n  - type: pass\n    name: p\n    outputMappings:\n      - target: id\n        source: $.or$0derId\n"
            ),
        ),
        (
            "action_add_required_field",
            format!(
                "{head}steps:\n  - type: pass\n    name: p\n    outputMappings:\n      - tar$0get: id # the key\n"
            ),
        ),
        (
            "action_add_task_target",
            format!(
                "{head}steps:\n  - ty$0pe: task\n    name: call\n  - type: pass\n    name: after\n"
            ),
        ),
        (
            "action_add_message_body",
            format!(
                "{head}steps:\n  - type: task\n    name: send\n    resourceArn: acs:mns:::/queues/q/mes$0sages\n"
            ),
        ),
        (
            "action_add_message_body_to_params",
            format!(
                "{head}steps:\n  - type: task\n    name: send\n    resourceArn: acs:mns:::/topics/t/messages\n    service$0Params:\n      MessageTag: x\n"
            ),
        ),
        (
            "action_add_to_flow_mapping",
            format!(
                "{head}steps:\n  - type: pass\n    name: p\n    outputMappings:\n      - {{target$0: id}}\n"
            ),
        ),
        (
            "action_suppress_in_block_scalar",
            format!(
                "{head}steps:\n  - type: choice\n    name: c\n    choices:\n      - condition: |\n          $.a == 1 &&\n          $input.b$0 == 2\n        goto: c\n"
            ),
        ),
        (
            "action_none",
            format!("{head}steps:\n  - type: pass\n    name: p$0\n"),
        ),
    ];
    for (name, fixture) in cases {
        snapshot(name, &fixture, actions_text(&fixture));
    }
}

/// Applying a suppression action makes the diagnostic go away (through fdl-check's own
/// reading of the comment).
#[test]
fn suppression_actions_suppress() {
    let fixture = "version: v1\ntype: flow\nsteps:\n  - type: task\n    name: call\n    resourceArn: acs:fc:::services/s/functions/f\n    retry:\n      - errors: [FnF.Al$0l]\n";
    let (text, offset) = cursor(fixture);
    let a = Analysis::new(text);
    let before = a.diagnostics(&RuleLevels::default());
    assert_eq!(
        before.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["FDL411"]
    );
    let action = a
        .code_actions(Span::empty(offset), &RuleLevels::default())
        .into_iter()
        .find(|x| x.title.starts_with("Suppress"))
        .expect("a suppression action");
    let after = apply(a.text(), &action.edits);
    assert!(
        after.contains("    retry:\n      # fdl-ignore: FDL411\n      - errors:"),
        "{after}"
    );
    assert!(fdl_check::check_source(&after).is_empty(), "{after}");
}

fn tokens_text(text: &str) -> String {
    let a = Analysis::new(text.to_string());
    let tokens = a.semantic_tokens();
    for pair in tokens.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "overlap: {pair:?}");
    }
    tokens
        .iter()
        .map(|t| {
            assert!(!a.text()[t.span.range()].contains('\n'));
            format!("{:?} {:?}", t.kind, &a.text()[t.span.range()])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn semantic_tokens() {
    snapshot("tokens_flow", FLOW, tokens_text(FLOW));
    let text = "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: \"!($.a['b c'][0] =~ `x.*`) || $.n in [1, -2.5e3, null] && $local.x != 'y'\"\n        goto: c\n      - condition: $.half == \n        goto: c\n    default:\n      goto: c\n  - type: wait\n    name: w\n    duration: $.seconds\n  - type: foreach\n    name: f\n    iterationMapping:\n      collection: $.items[*]\n      item: it\n    steps:\n      - type: pass\n        name: p\n";
    snapshot("tokens_conditions", text, tokens_text(text));
}

#[test]
fn diagnostics_are_those_of_fdl_check() {
    for (path, text) in support::repository_fixtures() {
        let a = Analysis::new(text.clone());
        let ours = a.diagnostics(&RuleLevels::default());
        if a.is_flow() {
            assert_eq!(ours, fdl_check::check_source(&text), "{path}");
        } else {
            assert!(ours.is_empty(), "{path}");
        }
    }
    // Levels apply.
    let text =
        "version: v1beta1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n    colour: red\n";
    let mut levels = RuleLevels::default();
    levels.set("unknown-key", fdl_check::Level::Off).unwrap();
    levels.set("FDL107", fdl_check::Level::Error).unwrap();
    let a = Analysis::new(text.to_string());
    let got: Vec<_> = a
        .diagnostics(&levels)
        .iter()
        .map(|d| (d.code, d.severity))
        .collect();
    assert_eq!(got, [("FDL107", fdl_check::Severity::Error)]);
}

#[test]
fn only_flows_get_features() {
    let text = "apiVersion: v1\nkind: Service\nspec:\n  type: ClusterIP\n  ports:\n    - name: http\n      port: 80\n";
    let a = Analysis::new(text.to_string());
    assert!(!a.is_flow());
    assert!(a.diagnostics(&RuleLevels::default()).is_empty());
    assert!(a.document_symbols().is_empty());
    assert!(a.folding_ranges().is_empty());
    assert!(a.semantic_tokens().is_empty());
    assert!(a.hover(text.find("ClusterIP").unwrap()).is_none());
    assert!(a.completions(text.find("port:").unwrap()).is_empty());
    assert!(
        a.code_actions(Span::new(0, text.len()), &RuleLevels::default())
            .is_empty()
    );
    assert_eq!(a.format(&fdl_fmt::Options::default()), Ok(None));
    // A flow whose `type` is misspelt still counts, as for `fdl check`.
    assert!(Analysis::new("version: v1\ntype: flwo\nsteps: []\n".into()).is_flow());
    assert!(Analysis::new("type: flow\n".into()).is_flow());
}

#[test]
fn mark_helper() {
    assert_eq!(mark("abc", Span::new(1, 2)), "a[[b]]c");
}

#[test]
fn formatting_goes_through_fdl_fmt() {
    let options = fdl_fmt::Options::default();
    let text = "version: v1\ntype: flow\nsteps:\n  - name: a\n    type: pass\n    outputMappings:\n    - source: $input.x\n      target: x\n  - name:   b\n    type:  succeed\n";
    let a = Analysis::new(text.to_string());
    let expected = fdl_fmt::format(text, &options).expect("formattable");
    assert_ne!(expected, text);
    let edits = a
        .format(&options)
        .expect("formatted")
        .expect("something changed");
    assert_eq!(apply(text, &edits), expected);
    // Already formatted: nothing to do.
    assert_eq!(Analysis::new(expected.clone()).format(&options), Ok(None));
    // Range formatting: what fdl-fmt replaces, as one edit.
    let at = text.find("name:   b").unwrap();
    let range = Span::new(at, at + 4);
    let edits = a.format_range(range, &options).expect("formatted");
    let replacement = fdl_fmt::format_range(text, range.range(), &options).expect("formattable");
    match (edits, replacement) {
        (Some(edits), Some(r)) => {
            let mut by_fmt = text.to_string();
            by_fmt.replace_range(r.range, &r.text);
            assert_eq!(apply(text, &edits), by_fmt);
        }
        (None, None) => {}
        (ours, theirs) => panic!("{ours:?} vs {theirs:?}"),
    }
    // Broken YAML is refused with a message.
    let broken = Analysis::new("version: v1\ntype: flow\nsteps:\n  - name: \"a\n".to_string());
    let refused = broken.format(&options).unwrap_err();
    assert!(refused.contains("syntax errors"), "{refused}");
}

/// On every invalid fixture: each "suppress" action removes its diagnostic without leaving
/// an unused or invalid suppression, and each "add" action removes the diagnostic it fixes.
#[test]
fn actions_do_what_they_say() {
    let levels = RuleLevels::default();
    let mut suppressed = 0;
    let mut added = 0;
    for (path, text) in support::repository_fixtures() {
        if !path.starts_with("invalid") {
            continue;
        }
        let a = Analysis::new(text.clone());
        let before = a.diagnostics(&levels);
        let count =
            |ds: &[fdl_check::Diagnostic], code: &str| ds.iter().filter(|d| d.code == code).count();
        for d in &before {
            for action in a.code_actions(d.span, &levels) {
                if action.fixes.first().map(|(c, s)| (c.as_str(), *s)) != Some((d.code, d.span)) {
                    continue;
                }
                let is_suppression = action.title.starts_with("Suppress");
                let is_add = action.title.starts_with("Add ");
                if !(is_suppression || is_add) {
                    continue;
                }
                let after_text = apply(&text, &action.edits);
                let after = fdl_check::check_source(&after_text);
                assert!(
                    count(&after, d.code) < count(&before, d.code),
                    "{path}: `{}` left {} in place:\n{after_text}\n{after:#?}",
                    action.title,
                    d.code
                );
                if is_suppression {
                    suppressed += 1;
                    assert!(
                        ["FDL010", "FDL011"]
                            .iter()
                            .all(|c| count(&after, c) <= count(&before, c)),
                        "{path}: `{}` gave {after:#?}\n{after_text}",
                        action.title
                    );
                } else {
                    added += 1;
                }
            }
        }
    }
    assert!(
        suppressed > 50 && added > 5,
        "{suppressed} suppressions, {added} additions"
    );
}

/// The server may share an analysis between threads (a request handler and a worker).
#[test]
fn analysis_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Analysis>();
    // Diagnostics are cached per levels; other levels are checked again.
    let a =
        Analysis::new("version: v1beta1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n".into());
    let severities = |levels: &RuleLevels| -> Vec<fdl_check::Severity> {
        a.diagnostics(levels).iter().map(|d| d.severity).collect()
    };
    assert_eq!(
        severities(&RuleLevels::default()),
        [fdl_check::Severity::Hint]
    );
    let mut off = RuleLevels::default();
    off.set("FDL107", fdl_check::Level::Off).unwrap();
    assert_eq!(severities(&off), []);
    assert_eq!(
        severities(&RuleLevels::default()),
        [fdl_check::Severity::Hint]
    );
}
