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
