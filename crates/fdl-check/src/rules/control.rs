//! 2xx: control flow and names: `goto` targets, duplicate step names, unreachable steps.

use std::cell::{Cell, OnceCell};

use fdl_model::model::{Flow, GotoOrigin, Step, StepList};
use fdl_model::values::is_placeholder;
use fdl_syntax::Span;

use crate::context::{Checker, quote};
use crate::fast_hash::{FastMap, FastSet};
use crate::suggest::did_you_mean;

/// A caller's way to list every named step of the flow, in `Flow::for_each_step` order.
pub(crate) type NameSource<'f> = Box<dyn FnOnce(&mut dyn FnMut(&str, Span)) + 'f>;

/// Every named step of the flow, to say where a goto's target lives when it is in another
/// list. Listed on first use: only a `goto` to a missing step needs it.
pub(crate) struct Everywhere<'f> {
    source: Cell<Option<NameSource<'f>>>,
    names: OnceCell<FastMap<Box<str>, Vec<Span>>>,
}

impl<'f> Everywhere<'f> {
    pub fn new(source: NameSource<'f>) -> Self {
        Everywhere {
            source: Cell::new(Some(source)),
            names: OnceCell::new(),
        }
    }

    fn get(&self, name: &str) -> Option<&Vec<Span>> {
        self.names
            .get_or_init(|| {
                let mut names: FastMap<Box<str>, Vec<Span>> = FastMap::default();
                if let Some(source) = self.source.take() {
                    source(&mut |name, span| match names.get_mut(name) {
                        Some(spans) => spans.push(span),
                        None => {
                            names.insert(name.into(), vec![span]);
                        }
                    });
                }
                names
            })
            .get(name)
    }
}

/// The names of the steps nested in `step`, in `Flow::for_each_step` order.
pub(crate) fn nested_names(step: &Step, add: &mut dyn FnMut(&str, Span)) {
    fn go(list: &StepList, add: &mut dyn FnMut(&str, Span)) {
        for s in &list.steps {
            if let (Some(name), Some(node)) = (s.name_text(), s.name) {
                add(name, node.span);
            }
        }
        for s in &list.steps {
            for child in s.child_lists() {
                go(child, add);
            }
        }
    }
    for child in step.child_lists() {
        go(child, add);
    }
}

/// The top-level list of steps (not the lists nested in its steps).
pub(crate) fn check_top_level(cx: &mut Checker, flow: &Flow, everywhere: &Everywhere) {
    if let Some(list) = &flow.steps {
        let mut budget = SUGGESTION_BUDGET;
        check_list(cx, list, everywhere, &mut budget);
    }
}

/// Every list nested in `step`, outer lists before inner ones, spending at most `budget`
/// name comparisons on suggestions.
pub(crate) fn check_nested_lists(
    cx: &mut Checker,
    step: &Step,
    everywhere: &Everywhere,
    mut budget: usize,
) {
    fn go(cx: &mut Checker, list: &StepList, everywhere: &Everywhere, budget: &mut usize) {
        check_list(cx, list, everywhere, budget);
        for step in &list.steps {
            for child in step.child_lists() {
                go(cx, child, everywhere, budget);
            }
        }
    }
    for child in step.child_lists() {
        go(cx, child, everywhere, &mut budget);
    }
}

fn check_list(cx: &mut Checker, list: &StepList, everywhere: &Everywhere, budget: &mut usize) {
    duplicate_names(cx, list);
    goto_targets(cx, list, everywhere, budget);
    unreachable_steps(cx, list);
}

fn duplicate_names(cx: &mut Checker, list: &StepList) {
    let mut seen: FastMap<&str, Span> = FastMap::default();
    for step in &list.steps {
        let (Some(name), Some(node)) = (step.name_text(), step.name) else {
            continue;
        };
        if name.is_empty() || is_placeholder(node) {
            continue;
        }
        // A step repeated through an alias is shown where the alias stands.
        let at = if step.node.alias_of.is_some() {
            step.node.span
        } else {
            node.span
        };
        if let Some(first) = seen.get(name) {
            cx.report(
                "FDL202",
                at,
                format!("another step in this list is already named {}", quote(name)),
            )
            .label(*first, "first step with this name")
            .help("step names must be unique among siblings, so that `goto` and `catch` know which step is meant: rename one");
        } else {
            seen.insert(name, at);
        }
    }
}

/// How many name comparisons "did you mean" may make for the `goto`s of the top-level list,
/// or of the lists inside one top-level step: a pathological file with thousands of missing
/// targets in a long list stays fast. A step gets at most one comparison per byte of its text
/// (see `step_budget`), so the whole file costs at most this plus its length.
const SUGGESTION_BUDGET: usize = 200_000;

/// The suggestion budget of the lists inside a top-level step of `len` bytes: a function of
/// the step alone, so its diagnostics do not depend on the rest of the file.
pub(crate) fn step_budget(len: usize) -> usize {
    len.min(SUGGESTION_BUDGET)
}

fn goto_targets(cx: &mut Checker, list: &StepList, everywhere: &Everywhere, budget: &mut usize) {
    let siblings: FastSet<&str> = list.goto_candidates().collect();
    for step in &list.steps {
        for goto in step.gotos() {
            if is_placeholder(goto.node) {
                continue;
            }
            let Some(target) = goto.node.scalar_text() else {
                continue;
            };
            if siblings.contains(target) || cx.name_lost_in_unreadable_text(target) {
                continue;
            }
            let holder = match goto.origin {
                GotoOrigin::ChoiceBranch(_) | GotoOrigin::ChoiceDefault => "choice step",
                GotoOrigin::Catch(_) => "task",
            };
            let suggestion = if *budget >= siblings.len() {
                *budget -= siblings.len();
                did_you_mean(target, list.goto_candidates())
            } else {
                None
            };
            let mut message = if target.is_empty() {
                "this `goto` names no step".to_string()
            } else {
                format!("`goto` target {} is not a step in this list", quote(target))
            };
            if let Some(s) = suggestion {
                message.push_str(&format!(": did you mean `{s}`?"));
            }
            // A step repeated through an alias: its goto is resolved where the alias stands,
            // and editing the anchored text would change every copy.
            let aliased = step.node.alias_of.is_some();
            let span = if aliased || goto.node.span.is_empty() {
                step.node.span
            } else {
                goto.node.span
            };
            let d = cx.report("FDL201", span, message);
            d.note(format!("a `goto` can only jump to a sibling of the {holder} that holds it (a step in the same `steps` list)"));
            if aliased {
                d.label(
                    goto.node.span,
                    "this `goto` comes from the anchored step, used here through the alias",
                );
            }
            if let Some(s) = suggestion.filter(|_| !aliased) {
                d.replace_scalar(goto.node, s, false);
            } else if let Some(s) = suggestion {
                d.help(format!("a step named `{s}` is in this list"));
            } else if !siblings.is_empty() {
                // Only the first few: a long list must not make each report cost its length.
                let names: Vec<String> = list.goto_candidates().take(8).map(quote).collect();
                let more = siblings.len().saturating_sub(names.len());
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                d.help(format!(
                    "the steps in this list are {}{tail}",
                    names.join(", ")
                ));
            }
            if let Some(elsewhere) = everywhere.get(target) {
                for &at in elsewhere.iter().take(3) {
                    d.label(
                        at,
                        "a step with this name exists here, but in another list, out of reach",
                    );
                }
            }
        }
    }
}

/// Steps that can never run: found by following the list from its first step, through
/// fall-through (unless a step ends the list) and every `goto` of a step that runs. One report
/// per run of consecutive dead steps, pointing at what ended the list before it.
fn unreachable_steps(cx: &mut Checker, list: &StepList) {
    let steps = &list.steps;
    let mut index: FastMap<&str, usize> = FastMap::default();
    for (i, step) in steps.iter().enumerate() {
        if let Some(name) = step.name_text() {
            index.entry(name).or_insert(i);
        }
    }
    let mut reachable = vec![false; steps.len()];
    let mut queue: Vec<usize> = Vec::new();
    if !steps.is_empty() {
        reachable[0] = true;
        queue.push(0);
    }
    while let Some(i) = queue.pop() {
        let step = &steps[i];
        let next = (!step.ends_list())
            .then_some(i + 1)
            .filter(|&n| n < steps.len());
        let jumps = step
            .gotos()
            .into_iter()
            .filter_map(|g| g.node.scalar_text().and_then(|t| index.get(t).copied()));
        for target in next.into_iter().chain(jumps) {
            if !reachable[target] {
                reachable[target] = true;
                queue.push(target);
            }
        }
    }
    for i in 1..steps.len() {
        // The first step of a dead run: the step before it runs and ends the list.
        if reachable[i] || !reachable[i - 1] {
            continue;
        }
        let before = &steps[i - 1];
        let (end_span, why) = match before.kind.filter(|k| k.is_terminal()) {
            Some(k) => (
                before.type_node.map_or(before.node.span, |t| t.span),
                format!(
                    "the `{}` step before it ends the list, and no `goto` of a step that runs jumps to it",
                    k.name()
                ),
            ),
            None => (
                before.end.map_or(before.node.span, |e| e.span),
                "a step before it has `end: true`, and no `goto` of a step that runs jumps to it"
                    .to_string(),
            ),
        };
        let step = &steps[i];
        let span = step.name.map_or(step.node.span, |n| n.span);
        let what = step
            .name_text()
            .map_or("this step".to_string(), |n| format!("step {}", quote(n)));
        let also = reachable[i + 1..].iter().take_while(|r| !**r).count();
        let also = match also {
            0 => String::new(),
            1 => " (nor can the step after it)".to_string(),
            n => format!(" (nor can the {n} steps after it)"),
        };
        cx.report("FDL203", span, format!("{what} can never run: {why}{also}"))
            .label(end_span, "the list ends here")
            .help("remove the step, move it before the end, or jump to it with a `goto` from a step that runs");
    }
}
