//! The rules split into parts: one for the flow itself, one per top-level step. Their union
//! is the whole check, and each step's part reads nothing outside that step (except the
//! `goto` labels of FDL201, which the cache knows about), so it can be reused while the
//! step's text does not change.

use fdl_model::model::{Flow, Object, Step};

use crate::context::Checker;
use crate::rules::control::{self, Everywhere};
use crate::rules::{mappings, structure, tasks};

/// The flow header, the root mapping and the flow's own mapping items, the top-level list
/// (duplicate names, `goto` targets, unreachable steps) and the flow's mappings.
pub(crate) fn flow_part(cx: &mut Checker, flow: &Flow, everywhere: &Everywhere) {
    check_objects(cx, &flow.objects);
    structure::check_flow_header(cx, flow.root);
    control::check_top_level(cx, flow, everywhere);
    mappings::check_flow(cx, flow);
}

/// Everything about the top-level step `step` and the steps nested in it: their mappings
/// (`objects`, from `fdl_model::build_step`), the lists nested in it, expressions and task
/// rules.
pub(crate) fn step_part(
    cx: &mut Checker,
    step: &Step,
    objects: &[Object],
    everywhere: &Everywhere,
) {
    let steps = subtree(step);
    check_objects(cx, objects);
    for s in &steps {
        structure::check_step(cx, s);
    }
    let budget = control::step_budget(step.node.span.len());
    control::check_nested_lists(cx, step, everywhere, budget);
    for s in &steps {
        mappings::check_step(cx, s);
        tasks::check_step(cx, s);
    }
}

/// The structural checks of mappings (in document order, as the model lists them).
fn check_objects(cx: &mut Checker, objects: &[Object]) {
    for o in objects {
        structure::check_object(cx, o.node, o.context);
    }
}

/// `step` and every step nested in it, outer ones first.
pub(crate) fn subtree<'s, 'a>(step: &'s Step<'a>) -> Vec<&'s Step<'a>> {
    let mut out = vec![step];
    let mut i = 0;
    while let Some(&s) = out.get(i) {
        for list in s.child_lists() {
            out.extend(list.steps.iter());
        }
        i += 1;
    }
    out
}
