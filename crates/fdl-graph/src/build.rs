//! From the typed model to the [`Graph`]: one pass over the step lists, passing down where
//! control goes when a list ends.

use std::collections::HashMap;

use fdl_check::{Diagnostic, RuleLevels};
use fdl_model::catalogue::DEFAULT_PATTERN;
use fdl_model::model::{Body, ChoiceBranch, Step, StepList};
use fdl_model::values::{Arn, parse_arn};
use fdl_model::{Integration, StepKind, build as build_model};
use fdl_syntax::{LineIndex, Node, Parsed, Span};

use crate::text::{one_line, shorten};
use crate::{
    Cluster, ClusterKind, Edge, EdgeKind, Graph, GraphNode, JSON_VERSION, Location, NodeDiagnostic,
    NodeKind, Position, Summary,
};

/// Longest edge label (a condition, error names), in characters.
const LABEL_CHARS: usize = 30;
/// Longest node detail and cluster title, in characters.
const DETAIL_CHARS: usize = 40;

/// Why a file has no graph: there is no `steps` list to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoGraph {
    /// A plain-language reason, with the first error when there is one.
    pub message: String,
}

/// Parses and checks `text` with `levels`, then builds its graph.
pub fn graph_of(text: &str, levels: &RuleLevels) -> Result<Graph, NoGraph> {
    let parsed = fdl_syntax::parse(text);
    let diagnostics = fdl_check::check_parsed_with(text, &parsed, levels);
    build(text, &parsed, &diagnostics)
}

/// Builds the graph of a parsed file; `diagnostics` (from `fdl_check`) are attached to the
/// steps they fall in. Whatever the model could read is drawn, even in a broken file; only a
/// file without a `steps` list has no graph.
pub fn build(text: &str, parsed: &Parsed, diagnostics: &[Diagnostic]) -> Result<Graph, NoGraph> {
    let first_error = || {
        diagnostics
            .iter()
            .find(|d| d.severity == fdl_check::Severity::Error)
            .map(|d| {
                let at = LineIndex::new(text).position(d.span.start);
                format!(" (line {}: {})", at.line + 1, d.message)
            })
            .unwrap_or_default()
    };
    let Some(root) = parsed.root.as_ref().filter(|r| r.as_mapping().is_some()) else {
        return Err(NoGraph {
            message: format!(
                "there is no flow to draw: the file does not hold a YAML mapping with `steps`{}",
                first_error()
            ),
        });
    };
    let flow = build_model(root);
    let Some(steps) = &flow.steps else {
        return Err(NoGraph {
            message: format!(
                "there is no flow to draw: the file has no `steps` list{}",
                first_error()
            ),
        });
    };
    let mut b = Builder {
        index: LineIndex::new(text),
        text_len: text.len(),
        nodes: Vec::new(),
        parents: Vec::new(),
        edges: Vec::new(),
        clusters: Vec::new(),
    };
    b.terminal("start", NodeKind::Start);
    let steps_span = root.get("steps").map(|n| b.location(n.span));
    let first = b.first_id(steps, "steps");
    b.edges.push(Edge {
        from: "start".into(),
        to: first.unwrap_or_else(|| "end".into()),
        kind: EdgeKind::Next,
        label: None,
        span: steps_span,
        back: false,
    });
    let end = Cont {
        to: Some("end".into()),
        kind: EdgeKind::Next,
        label: None,
        span: None,
    };
    b.list(steps, "steps", None, None, &end);
    b.terminal("end", NodeKind::End);
    Ok(b.finish(diagnostics))
}

/// Where control goes next, and how the edge there is drawn.
#[derive(Clone, Debug)]
struct Cont {
    /// `None` when the target is unknown (a `goto` to a missing step): no edge.
    to: Option<String>,
    kind: EdgeKind,
    label: Option<String>,
    span: Option<Location>,
}

struct Builder {
    index: LineIndex,
    text_len: usize,
    nodes: Vec<GraphNode>,
    /// For each node, the index of the step it is nested in.
    parents: Vec<Option<usize>>,
    edges: Vec<Edge>,
    clusters: Vec<Cluster>,
}

/// The position of each step of `list` in its YAML sequence (items that are not mappings are
/// not steps, but keep their place in the numbering).
fn item_indices(list: &StepList) -> Vec<usize> {
    let items = list.node.as_sequence().unwrap_or_default();
    let mut out = Vec::with_capacity(list.steps.len());
    let mut at = 0;
    for step in &list.steps {
        while at < items.len() && !std::ptr::eq(&items[at], step.node) {
            at += 1;
        }
        out.push(at);
        at += 1;
    }
    out
}

/// The position of `node` in the sequence `parent`, falling back to `fallback`.
fn position_in(parent: Option<&Node>, node: &Node, fallback: usize) -> usize {
    parent
        .and_then(Node::as_sequence)
        .and_then(|items| items.iter().position(|i| std::ptr::eq(i, node)))
        .unwrap_or(fallback)
}

fn node_kind(kind: Option<StepKind>) -> NodeKind {
    match kind {
        Some(StepKind::Task) => NodeKind::Task,
        Some(StepKind::Pass) => NodeKind::Pass,
        Some(StepKind::Choice) => NodeKind::Choice,
        Some(StepKind::Parallel) => NodeKind::Parallel,
        Some(StepKind::Foreach) => NodeKind::Foreach,
        Some(StepKind::Wait) => NodeKind::Wait,
        Some(StepKind::Succeed) => NodeKind::Succeed,
        Some(StepKind::Fail) => NodeKind::Fail,
        None => NodeKind::Unknown,
    }
}

/// A scalar's text on one line, for labels.
fn scalar(node: Option<&Node>) -> Option<String> {
    node.and_then(Node::scalar_text)
        .map(one_line)
        .filter(|t| !t.is_empty())
}

/// Short enough for a box: "FC function, requestResponse".
fn integration_name(integration: Integration) -> &'static str {
    match integration {
        Integration::FcFunction => "FC function",
        _ => integration.title(),
    }
}

fn detail(step: &Step) -> Option<String> {
    let text = match &step.body {
        Body::Task(task) => {
            let target = match (task.resource_arn.and_then(Node::as_str), task.action) {
                (Some(arn), _) => match parse_arn(arn) {
                    Arn::Known(integration) => Some(integration_name(integration).to_owned()),
                    _ => None,
                },
                (None, Some(action)) => scalar(Some(action)).map(|a| format!("API {a}")),
                (None, None) => None,
            };
            let pattern = match task.pattern {
                Some(p) => scalar(Some(p)),
                None => Some(DEFAULT_PATTERN.to_owned()),
            };
            match (target, pattern) {
                (Some(t), Some(p)) => format!("{t}, {p}"),
                (Some(t), None) => t,
                (None, Some(p)) => p,
                (None, None) => return None,
            }
        }
        Body::Wait(wait) => {
            if let Some(d) = wait.duration {
                match d.as_f64() {
                    Some(_) => format!("{} s", scalar(Some(d))?),
                    None => scalar(Some(d))?,
                }
            } else {
                format!("until {}", scalar(wait.timestamp)?)
            }
        }
        Body::Fail(fail) => scalar(fail.error)?,
        Body::Foreach(foreach) => format!("over {}", scalar(foreach.collection)?),
        Body::Parallel(p) => match p.branches.len() {
            1 => "1 branch".to_owned(),
            n => format!("{n} branches"),
        },
        Body::Other if step.kind.is_none() => format!("type {}", scalar(step.type_node)?),
        Body::Choice(_) | Body::Other => return None,
    };
    Some(shorten(&text, DETAIL_CHARS))
}

impl Builder {
    /// The start or end node, named by its id.
    fn terminal(&mut self, id: &str, kind: NodeKind) {
        self.nodes.push(GraphNode {
            id: id.into(),
            label: id.into(),
            name: None,
            kind,
            detail: None,
            span: None,
            severity: None,
            diagnostics: Vec::new(),
            cluster: None,
        });
        self.parents.push(None);
    }

    fn location(&self, span: Span) -> Location {
        let pos = |offset: usize| {
            let offset = offset.min(self.text_len);
            let p = self.index.position(offset);
            Position {
                offset,
                line: p.line + 1,
                column: p.col_char + 1,
            }
        };
        Location {
            start: pos(span.start),
            end: pos(span.end),
        }
    }

    fn first_id(&self, list: &StepList, path: &str) -> Option<String> {
        item_indices(list).first().map(|i| format!("{path}[{i}]"))
    }

    fn edge(&mut self, from: &str, cont: &Cont, fallback_span: Span) {
        if let Some(to) = &cont.to {
            let span = cont.span.unwrap_or_else(|| self.location(fallback_span));
            self.edges.push(Edge {
                from: from.to_owned(),
                to: to.clone(),
                kind: cont.kind,
                label: cont.label.clone(),
                span: Some(span),
                back: false,
            });
        }
    }

    /// Adds the steps of `list` (at `path`, inside `cluster`, nested in step `parent`), whose
    /// end leads to `cont`.
    fn list(
        &mut self,
        list: &StepList,
        path: &str,
        cluster: Option<usize>,
        parent: Option<usize>,
        cont: &Cont,
    ) {
        let ids: Vec<String> = item_indices(list)
            .into_iter()
            .map(|i| format!("{path}[{i}]"))
            .collect();
        // A `goto` names a sibling: the first step of this list with that name.
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (k, step) in list.steps.iter().enumerate() {
            if let Some(name) = step.name_text() {
                by_name.entry(name).or_insert(k);
            }
        }
        let target = |goto: Option<&Node>| -> Option<String> {
            let name = goto?.as_str()?;
            by_name.get(name).map(|&k| ids[k].clone())
        };
        for (k, step) in list.steps.iter().enumerate() {
            let id = &ids[k];
            let index = self.nodes.len();
            let kind = node_kind(step.kind);
            let name = step.name_text().map(str::to_owned);
            let label = name
                .as_deref()
                .map(one_line)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("(unnamed {})", kind.as_str()));
            self.nodes.push(GraphNode {
                id: id.clone(),
                label,
                name,
                kind,
                detail: detail(step),
                span: Some(self.location(step.node.span)),
                severity: None,
                diagnostics: Vec::new(),
                cluster: cluster.map(|c| self.clusters[c].id.clone()),
            });
            self.parents.push(parent);

            // A fail step fails the execution; a succeed step, like `end: true`, ends its
            // list (FDL-SPEC §7), which goes on after the step holding it.
            let after = if step.kind == Some(StepKind::Fail) {
                Cont {
                    to: Some("end".into()),
                    kind: EdgeKind::End,
                    label: None,
                    span: None,
                }
            } else if step.ends_list() {
                Cont {
                    to: cont.to.clone(),
                    kind: EdgeKind::End,
                    label: None,
                    span: step.end.map(|e| self.location(e.span)),
                }
            } else if let Some(next) = ids.get(k + 1) {
                Cont {
                    to: Some(next.clone()),
                    kind: EdgeKind::Next,
                    label: None,
                    span: None,
                }
            } else {
                cont.clone()
            };

            match &step.body {
                Body::Task(task) => {
                    self.edge(id, &after, step.node.span);
                    for rule in &task.catch {
                        let errors: Vec<String> =
                            rule.errors.iter().filter_map(|e| scalar(Some(e))).collect();
                        let label =
                            (!errors.is_empty()).then(|| shorten(&errors.join(", "), LABEL_CHARS));
                        let to = target(rule.goto);
                        let span = rule.goto.map_or(rule.node.span, |g| g.span);
                        let catch = Cont {
                            to,
                            kind: EdgeKind::Catch,
                            label,
                            span: Some(self.location(span)),
                        };
                        self.edge(id, &catch, rule.node.span);
                    }
                }
                Body::Choice(choice) => {
                    let choices = step.node.get("choices");
                    for (bi, branch) in choice.branches.iter().enumerate() {
                        let at = position_in(choices, branch.node, bi);
                        let condition = scalar(branch.condition)
                            .map(|c| shorten(&c, LABEL_CHARS))
                            .unwrap_or_else(|| "(no condition)".to_owned());
                        let span = branch.condition.map_or(branch.node.span, |c| c.span);
                        self.choice_branch(
                            (id, index, cluster),
                            branch,
                            format!("{id}.choices[{at}]"),
                            (ClusterKind::ChoiceBranch, EdgeKind::Branch, condition),
                            span,
                            target(branch.goto),
                            &after,
                        );
                    }
                    match &choice.default {
                        Some(default) => {
                            self.choice_branch(
                                (id, index, cluster),
                                default,
                                format!("{id}.default"),
                                (
                                    ClusterKind::ChoiceDefault,
                                    EdgeKind::Default,
                                    "default".into(),
                                ),
                                default.node.span,
                                target(default.goto),
                                &after,
                            );
                        }
                        None => {
                            // No condition holds and there is no default: the choice ends.
                            let otherwise = Cont {
                                kind: EdgeKind::Default,
                                label: Some("otherwise".into()),
                                ..after.clone()
                            };
                            self.edge(id, &otherwise, step.node.span);
                        }
                    }
                }
                Body::Parallel(parallel) => {
                    let branches = step.node.get("branches");
                    if parallel.branches.is_empty() {
                        self.edge(id, &after, step.node.span);
                    }
                    for (bi, branch) in parallel.branches.iter().enumerate() {
                        let at = position_in(branches, branch.node, bi);
                        let list = branch.steps.as_ref().filter(|l| !l.steps.is_empty());
                        self.nested(
                            (id, index, cluster),
                            list,
                            format!("{id}.branches[{at}]"),
                            (ClusterKind::ParallelBranch, format!("branch {}", at + 1)),
                            branch.node.span,
                            Cont {
                                kind: EdgeKind::Branch,
                                label: None,
                                span: None,
                                to: None,
                            },
                            &after,
                        );
                    }
                }
                Body::Foreach(foreach) => {
                    let list = foreach.steps.as_ref().filter(|l| !l.steps.is_empty());
                    let title = match (scalar(foreach.item), scalar(foreach.collection)) {
                        (Some(item), Some(collection)) => {
                            format!("for each {item} in {collection}")
                        }
                        (None, Some(collection)) => format!("for each in {collection}"),
                        _ => "for each item".to_owned(),
                    };
                    let span = foreach
                        .steps
                        .as_ref()
                        .map_or(step.node.span, |l| l.node.span);
                    self.nested(
                        (id, index, cluster),
                        list,
                        format!("{id}.steps"),
                        (ClusterKind::Foreach, shorten(&title, DETAIL_CHARS)),
                        span,
                        Cont {
                            kind: EdgeKind::Branch,
                            label: None,
                            span: None,
                            to: None,
                        },
                        &after,
                    );
                }
                Body::Wait(_) | Body::Fail(_) | Body::Other => {
                    self.edge(id, &after, step.node.span);
                }
            }
        }
    }

    /// A choice branch or default: into its steps (a cluster) and on to its `goto` or after the
    /// choice; or, without steps, straight there.
    #[allow(clippy::too_many_arguments)]
    fn choice_branch(
        &mut self,
        owner: (&str, usize, Option<usize>),
        branch: &ChoiceBranch,
        cluster_id: String,
        (cluster_kind, edge_kind, label): (ClusterKind, EdgeKind, String),
        span: Span,
        goto: Option<String>,
        after: &Cont,
    ) {
        let list = branch.steps.as_ref().filter(|l| !l.steps.is_empty());
        let span = Some(self.location(span));
        let exit = match (branch.goto, goto) {
            (Some(g), to) => Cont {
                to,
                kind: EdgeKind::Goto,
                label: None,
                span: Some(self.location(g.span)),
            },
            (None, _) => after.clone(),
        };
        if list.is_none() {
            // Straight from the choice to where the branch leads.
            let direct = Cont {
                kind: edge_kind,
                label: Some(label),
                span,
                ..exit
            };
            self.edge(owner.0, &direct, branch.node.span);
            return;
        }
        self.nested(
            owner,
            list,
            cluster_id,
            (cluster_kind, label.clone()),
            branch.node.span,
            Cont {
                to: None,
                kind: edge_kind,
                label: Some(label),
                span,
            },
            &exit,
        );
    }

    /// A nested list as a cluster of the step `owner`: an edge (`entry`, its target filled in)
    /// from the step to the list's first step, whose end leads to `exit`. An empty or missing
    /// list is an edge from the step straight to `exit`.
    #[allow(clippy::too_many_arguments)]
    fn nested(
        &mut self,
        (owner_id, owner_index, owner_cluster): (&str, usize, Option<usize>),
        list: Option<&StepList>,
        cluster_id: String,
        (kind, label): (ClusterKind, String),
        span: Span,
        entry: Cont,
        exit: &Cont,
    ) {
        let Some(list) = list else {
            let direct = Cont {
                kind: entry.kind,
                label: entry.label,
                span: entry.span,
                ..exit.clone()
            };
            self.edge(owner_id, &direct, span);
            return;
        };
        // A foreach body is itself a `steps` list; branches hold one.
        let path = if kind == ClusterKind::Foreach {
            cluster_id.clone()
        } else {
            format!("{cluster_id}.steps")
        };
        let entry = Cont {
            to: self.first_id(list, &path),
            ..entry
        };
        self.edge(owner_id, &entry, span);
        let index = self.clusters.len();
        self.clusters.push(Cluster {
            id: cluster_id,
            kind,
            label,
            step: owner_id.to_owned(),
            parent: owner_cluster.map(|c| self.clusters[c].id.clone()),
            span: Some(self.location(span)),
        });
        self.list(list, &path, Some(index), Some(owner_index), exit);
    }

    /// Marks back edges and attaches the diagnostics.
    fn finish(mut self, diagnostics: &[Diagnostic]) -> Graph {
        let order: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        for edge in &mut self.edges {
            if let (Some(from), Some(to)) = (order.get(edge.from.as_str()), order.get(&*edge.to)) {
                edge.back = to <= from;
            }
        }
        drop(order);

        // Steps by start offset; the innermost step holding an offset is an ancestor of (or)
        // the last step starting at or before it.
        let mut starts: Vec<(usize, usize)> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.span.map(|s| (s.start.offset, i)))
            .collect();
        starts.sort();
        let mut summary = Summary::default();
        let mut outside = Vec::new();
        for d in diagnostics {
            match d.severity {
                fdl_check::Severity::Error => summary.errors += 1,
                fdl_check::Severity::Warning => summary.warnings += 1,
                fdl_check::Severity::Hint => summary.hints += 1,
            }
            let at = d.span.start;
            let found = starts.partition_point(|&(s, _)| s <= at);
            let mut holder = found.checked_sub(1).map(|k| starts[k].1);
            while let Some(i) = holder {
                let span = self.nodes[i].span.map(|s| (s.start.offset, s.end.offset));
                if span.is_some_and(|(s, e)| s <= at && (at < e || s == e)) {
                    break;
                }
                holder = self.parents[i];
            }
            let diagnostic = NodeDiagnostic {
                code: d.code.to_owned(),
                severity: d.severity,
                message: d.message.clone(),
                span: self.location(d.span),
            };
            match holder {
                Some(i) => {
                    let node = &mut self.nodes[i];
                    node.severity = node.severity.max(Some(diagnostic.severity));
                    node.diagnostics.push(diagnostic);
                }
                None => outside.push(diagnostic),
            }
        }
        Graph {
            version: JSON_VERSION,
            nodes: self.nodes,
            edges: self.edges,
            clusters: self.clusters,
            diagnostics: outside,
            summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    fn graph(text: &str) -> Graph {
        graph_of(text, &RuleLevels::default()).expect("a graph")
    }

    fn edges(g: &Graph) -> Vec<String> {
        g.edges
            .iter()
            .map(|e| format!("{} -{}-> {}", e.from, e.kind.as_str(), e.to))
            .collect()
    }

    #[test]
    fn a_list_runs_in_order_and_ends() {
        let g = graph(
            "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n  - type: pass\n    name: b\n",
        );
        assert_eq!(
            edges(&g),
            [
                "start -next-> steps[0]",
                "steps[0] -next-> steps[1]",
                "steps[1] -next-> end"
            ]
        );
    }

    #[test]
    fn end_true_and_terminal_steps_end_the_list() {
        let g = graph(
            "version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: a\n    end: true\n  - type: fail\n    name: b\n  - type: succeed\n    name: c\n",
        );
        assert_eq!(
            edges(&g),
            [
                "start -next-> steps[0]",
                "steps[0] -end-> end",
                "steps[1] -end-> end",
                "steps[2] -end-> end"
            ]
        );
    }

    #[test]
    fn a_nested_succeed_ends_its_list_and_a_nested_fail_the_flow() {
        let g = graph(
            "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.ok\n        steps:\n          - type: succeed\n            name: done\n    default:\n      steps:\n        - type: fail\n          name: failed\n  - type: pass\n    name: after\n",
        );
        let edges = edges(&g);
        assert!(
            edges.contains(&"steps[0].choices[0].steps[0] -end-> steps[1]".to_string()),
            "{edges:#?}"
        );
        assert!(
            edges.contains(&"steps[0].default.steps[0] -end-> end".to_string()),
            "{edges:#?}"
        );
    }

    #[test]
    fn a_missing_goto_target_draws_no_edge_and_marks_the_step() {
        let g = graph(
            "version: v1\ntype: flow\nsteps:\n  - type: choice\n    name: c\n    choices:\n      - condition: $.x\n        goto: nowhere\n  - type: pass\n    name: p\n",
        );
        assert_eq!(
            edges(&g),
            [
                "start -next-> steps[0]",
                "steps[0] -default-> steps[1]",
                "steps[1] -next-> end"
            ]
        );
        assert_eq!(g.nodes[1].severity, Some(Severity::Error));
        assert!(g.nodes[1].diagnostics.iter().any(|d| d.code == "FDL201"));
    }

    #[test]
    fn a_file_without_steps_has_no_graph() {
        let err = graph_of("version: v1\ntype: flow\n", &RuleLevels::default()).unwrap_err();
        assert!(err.message.contains("no `steps` list"), "{}", err.message);
        let err = graph_of("- a\n- b\n", &RuleLevels::default()).unwrap_err();
        assert!(err.message.contains("no flow to draw"), "{}", err.message);
    }

    #[test]
    fn non_mapping_items_keep_their_place_in_ids() {
        let g = graph("version: v1\ntype: flow\nsteps:\n  - 3\n  - type: pass\n    name: a\n");
        assert_eq!(g.nodes[1].id, "steps[1]");
    }
}
