//! Graphviz DOT, for `dot -Tsvg` and other Graphviz tools.

use std::fmt::Write;

use crate::text::dot as esc;
use crate::tree::{Tree, kind_line, marker};
use crate::{EdgeKind, Graph, NodeKind, Severity};

/// The graph as a DOT `digraph`: nodes `n0`, `n1`... in the order of `graph.nodes` (each with
/// its step id as `tooltip`), clusters as `subgraph cluster_N`.
pub fn render(graph: &Graph) -> String {
    let tree = Tree::new(graph);
    let mut out = String::from("digraph flow {\n");
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#546e7a\", fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("  edge [color=\"#546e7a\", fontname=\"Helvetica\", fontsize=10];\n");
    emit(graph, &tree, None, 1, &mut out);
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (tree.node(&edge.from), tree.node(&edge.to)) else {
            continue;
        };
        let mut attrs = Vec::new();
        let label = match (&edge.label, edge.kind) {
            (Some(label), _) => Some(label.as_str()),
            (None, EdgeKind::Default) => Some("default"),
            (None, EdgeKind::Catch) => Some("catch"),
            _ => None,
        };
        if let Some(label) = label {
            attrs.push(format!("label=\"{}\"", esc(label)));
        }
        match edge.kind {
            EdgeKind::Catch => attrs.push("style=dashed, color=\"#8e24aa\"".into()),
            EdgeKind::Goto => attrs.push("color=\"#1565c0\"".into()),
            _ => {}
        }
        if edge.back {
            // Keeps the ranks in order of execution: a loop does not pull its target down.
            attrs.push("constraint=false".into());
            if edge.kind != EdgeKind::Catch {
                attrs.push("color=\"#1565c0\"".into());
            }
        }
        if attrs.is_empty() {
            let _ = writeln!(out, "  n{from} -> n{to};");
        } else {
            let _ = writeln!(out, "  n{from} -> n{to} [{}];", attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

fn emit(graph: &Graph, tree: &Tree, cluster: Option<usize>, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    for &i in tree.nodes_in(cluster) {
        let node = &graph.nodes[i];
        let mut attrs = vec![format!("tooltip=\"{}\"", esc(&node.id))];
        if node.kind.is_terminal_node() {
            attrs.insert(0, format!("label=\"{}\"", esc(&node.label)));
            attrs.push(
                "shape=oval, fillcolor=\"#37474f\", color=\"#37474f\", fontcolor=\"#ffffff\""
                    .into(),
            );
        } else {
            attrs.insert(
                0,
                format!(
                    "label=\"{}{}\\n{}\"",
                    marker(node.severity),
                    esc(&node.label),
                    esc(&kind_line(node))
                ),
            );
            match node.kind {
                NodeKind::Choice => attrs.push("shape=diamond".into()),
                NodeKind::Succeed | NodeKind::Fail => attrs.push("shape=oval".into()),
                _ => {}
            }
            match node.severity {
                Some(Severity::Error) => {
                    attrs.push("color=\"#c62828\", fillcolor=\"#fdecea\", penwidth=2.5".into())
                }
                Some(Severity::Warning) => {
                    attrs.push("color=\"#ef6c00\", fillcolor=\"#fff4e5\", penwidth=2.5".into())
                }
                _ => {}
            }
        }
        let _ = writeln!(out, "{indent}n{i} [{}];", attrs.join(", "));
        for &c in tree.clusters_of(i) {
            let _ = writeln!(out, "{indent}subgraph cluster_{c} {{");
            let _ = writeln!(
                out,
                "{indent}  label=\"{}\"; style=\"rounded,dashed\"; color=\"#90a4ae\";",
                esc(&graph.clusters[c].label)
            );
            emit(graph, tree, Some(c), depth + 1, out);
            let _ = writeln!(out, "{indent}}}");
        }
    }
}
