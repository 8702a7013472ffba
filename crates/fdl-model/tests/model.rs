//! The typed model: built from any tree, even a partly broken one; `goto` scopes.

use fdl_model::catalogue::{Context, StepKind};
use fdl_model::model::{Body, GotoOrigin, build};

fn names(list: &fdl_model::StepList) -> Vec<String> {
    list.steps
        .iter()
        .map(|s| s.name_text().unwrap_or("?").to_string())
        .collect()
}

#[test]
fn a_broken_step_does_not_hide_the_good_ones() {
    let text = "version: v1
type: flow
steps:
  - type: pass
    name: first
  - type: task
    name: broken
    resourceArn: \"acs:fc:::services/a/functions/b
  - type: wait
    name: later
    duration: 10
  - type: succeed
    name: done
";
    let parsed = fdl_syntax::parse(text);
    assert!(!parsed.errors.is_empty());
    let root = parsed.root.expect("a tree despite the error");
    let flow = build(&root);
    let steps = flow.steps.as_ref().expect("steps");
    let found = names(steps);
    assert!(found.contains(&"first".to_string()), "{found:?}");
    assert!(found.contains(&"later".to_string()), "{found:?}");
    assert!(found.contains(&"done".to_string()), "{found:?}");
}

#[test]
fn nested_lists_and_goto_scopes() {
    let text = "version: v1
type: flow
steps:
  - type: choice
    name: route
    choices:
      - condition: $.a > 1
        steps:
          - type: pass
            name: inner
        goto: end
    default:
      goto: start
  - type: pass
    name: start
  - type: task
    name: call
    resourceArn: acs:fc:::services/s/functions/f
    catch:
      - errors: [FnF.ALL]
        goto: start
  - type: succeed
    name: end
";
    let parsed = fdl_syntax::parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let root = parsed.root.unwrap();
    let flow = build(&root);
    let top = flow.steps.as_ref().unwrap();
    assert_eq!(names(top), ["route", "start", "call", "end"]);
    assert_eq!(
        top.goto_candidates().collect::<Vec<_>>(),
        ["route", "start", "call", "end"]
    );

    let route = &top.steps[0];
    assert_eq!(route.kind, Some(StepKind::Choice));
    let gotos: Vec<_> = route
        .gotos()
        .iter()
        .map(|g| (g.node.scalar_text().unwrap(), g.origin))
        .collect();
    assert_eq!(
        gotos,
        [
            ("end", GotoOrigin::ChoiceBranch(0)),
            ("start", GotoOrigin::ChoiceDefault)
        ]
    );
    let inner = route.child_lists();
    assert_eq!(inner.len(), 1);
    assert_eq!(names(inner[0]), ["inner"]);

    let call = &top.steps[2];
    assert!(matches!(call.body, Body::Task(_)));
    assert_eq!(call.gotos()[0].origin, GotoOrigin::Catch(0));
    assert!(top.steps[3].ends_list());

    let mut all = Vec::new();
    flow.for_each_step(|s| all.push(s.name_text().unwrap().to_string()));
    assert_eq!(all, ["route", "start", "call", "end", "inner"]);

    // Every interpreted mapping is listed with its context, in document order.
    let contexts: Vec<Context> = flow.objects.iter().map(|o| o.context).collect();
    assert_eq!(contexts[0], Context::Flow);
    assert!(contexts.contains(&Context::ChoiceBranch));
    assert!(contexts.contains(&Context::ChoiceDefault));
    assert!(contexts.contains(&Context::CatchRule));
    assert!(
        flow.objects
            .windows(2)
            .all(|w| w[0].node.span.start <= w[1].node.span.start)
    );
}

#[test]
fn wrong_types_are_left_out_of_the_typed_view() {
    let text = "version: v1\ntype: flow\nsteps: {a: 1}\ninputMappings: 3\n";
    let root = fdl_syntax::parse(text).root.unwrap();
    let flow = build(&root);
    assert!(flow.steps.is_none());
    assert!(flow.input_mappings.is_none());
    assert_eq!(flow.objects.len(), 1);
}

#[test]
fn catalogue_is_consistent() {
    for kind in StepKind::ALL {
        let fields = kind.fields();
        assert_eq!(fields[0].name, "type", "{kind:?}");
        assert_eq!(fields[1].name, "name", "{kind:?}");
        let mut seen = std::collections::HashSet::new();
        assert!(
            fields.iter().all(|f| seen.insert(f.name)),
            "{kind:?} repeats a field"
        );
        assert!(fields.iter().all(|f| !f.doc.is_empty()));
        assert_eq!(
            kind.fields().iter().any(|f| f.name == "end"),
            !kind.is_terminal()
        );
        assert_eq!(StepKind::from_name(kind.name()), Some(kind));
    }
}

/// `build_top_level` and `build_step` of each top-level step make up `build`: the same
/// objects (each once), and top-level steps that read the same.
#[test]
fn the_flow_level_and_the_steps_built_apart_make_up_the_whole_model() {
    use fdl_model::model::{build_step, build_top_level};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");
    let mut compared = 0;
    for sub in ["valid", "valid/vendor-samples", "invalid"] {
        for entry in std::fs::read_dir(format!("{dir}/{sub}")).expect("fixtures") {
            let path = entry.expect("entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let parsed = fdl_syntax::parse(&text);
            let Some(root) = parsed.root.as_ref() else {
                continue;
            };
            let whole = build(root);
            let top = build_top_level(root);
            let key = |o: &fdl_model::model::Object| {
                (o.node as *const fdl_syntax::Node as usize, o.context)
            };
            let mut parts: Vec<_> = top.objects.iter().map(key).collect();
            let whole_steps = whole.steps.as_ref().map_or(&[][..], |l| &l.steps[..]);
            let top_steps = top.steps.as_ref().map_or(&[][..], |l| &l.steps[..]);
            assert_eq!(whole_steps.len(), top_steps.len(), "{}", path.display());
            for (w, t) in whole_steps.iter().zip(top_steps) {
                assert!(std::ptr::eq(w.node, t.node));
                assert_eq!(
                    (w.name_text(), w.kind, w.end.map(|e| e.span), w.ends_list()),
                    (t.name_text(), t.kind, t.end.map(|e| e.span), t.ends_list())
                );
                let gotos = |s: &fdl_model::Step| -> Vec<_> {
                    s.gotos().iter().map(|g| (g.node.span, g.origin)).collect()
                };
                assert_eq!(gotos(w), gotos(t), "{}", path.display());
                assert!(t.child_lists().is_empty() && t.mapping_lists().is_empty());
                let (step, objects) = build_step(t.node).expect("a step is a mapping");
                assert_eq!(format!("{step:?}"), format!("{w:?}"));
                parts.extend(objects.iter().map(key));
            }
            let mut expected: Vec<_> = whole.objects.iter().map(key).collect();
            expected.sort_by_key(|k| (k.0, format!("{:?}", k.1)));
            parts.sort_by_key(|k| (k.0, format!("{:?}", k.1)));
            assert_eq!(expected, parts, "{}", path.display());
            compared += 1;
        }
    }
    assert!(compared > 150, "only {compared} fixtures read");
}
