//! Mermaid flowchart, for pull-request descriptions and Markdown.

use std::fmt::Write;

use crate::text::mermaid as esc;
use crate::tree::{Tree, kind_line, marker};
use crate::{EdgeKind, Graph, GraphNode, NodeKind, Severity};

/// The graph as a Mermaid `flowchart TD`. Nodes are named `n0`, `n1`... in the order of
/// `graph.nodes`, clusters `c0`, `c1`... (Mermaid ids cannot hold the brackets of step ids).
pub fn render(graph: &Graph) -> String {
    let tree = Tree::new(graph);
    let mut out = String::from("flowchart TD\n");
    emit(&tree, graph, None, 1, &mut out);
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (tree.node(&edge.from), tree.node(&edge.to)) else {
            continue;
        };
        let arrow = match edge.kind {
            EdgeKind::Catch => "-.->",
            _ if edge.back => "==>",
            _ => "-->",
        };
        let label = match (&edge.label, edge.kind) {
            (Some(label), _) => Some(label.as_str()),
            (None, EdgeKind::Default) => Some("default"),
            (None, EdgeKind::Catch) => Some("catch"),
            _ => None,
        };
        match label {
            Some(label) => {
                let _ = writeln!(out, "  n{from} {arrow}|\"{}\"| n{to}", esc(label));
            }
            None => {
                let _ = writeln!(out, "  n{from} {arrow} n{to}");
            }
        }
    }
    out.push_str("  classDef terminal fill:#37474f,stroke:#37474f,color:#ffffff\n");
    out.push_str("  classDef error fill:#fdecea,stroke:#c62828,stroke-width:3px\n");
    out.push_str("  classDef warning fill:#fff4e5,stroke:#ef6c00,stroke-width:3px\n");
    let class = |name: &str, pick: &dyn Fn(&GraphNode) -> bool, out: &mut String| {
        let ids: Vec<String> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| pick(n))
            .map(|(i, _)| format!("n{i}"))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "  class {} {name}", ids.join(","));
        }
    };
    class("terminal", &|n| n.kind.is_terminal_node(), &mut out);
    class("error", &|n| n.severity == Some(Severity::Error), &mut out);
    class(
        "warning",
        &|n| n.severity == Some(Severity::Warning),
        &mut out,
    );
    out
}

fn node_line(index: usize, node: &GraphNode) -> String {
    if node.kind.is_terminal_node() {
        return format!("n{index}([\"{}\"])", node.label);
    }
    let text = format!(
        "{}{}<br/>{}",
        esc(marker(node.severity)),
        esc(&node.label),
        esc(&kind_line(node))
    );
    let (open, close) = match node.kind {
        NodeKind::Choice => ("{{", "}}"),
        NodeKind::Parallel | NodeKind::Foreach => ("[[", "]]"),
        NodeKind::Succeed | NodeKind::Fail => ("([", "])"),
        _ => ("[", "]"),
    };
    format!("n{index}{open}\"{text}\"{close}")
}

fn emit(tree: &Tree, graph: &Graph, cluster: Option<usize>, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    for &i in tree.nodes_in(cluster) {
        let _ = writeln!(out, "{indent}{}", node_line(i, &graph.nodes[i]));
        for &c in tree.clusters_of(i) {
            let _ = writeln!(
                out,
                "{indent}subgraph c{c}[\"{}\"]",
                esc(&graph.clusters[c].label)
            );
            emit(tree, graph, Some(c), depth + 1, out);
            let _ = writeln!(out, "{indent}end");
        }
    }
}
