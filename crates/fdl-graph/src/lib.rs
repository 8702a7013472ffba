//! fdl-graph: the control-flow graph of a flow, computed once from the typed model, and its
//! renderings (Mermaid, Graphviz DOT, SVG, JSON).
//!
//! The [`Graph`] is plain serialisable data, so the command line and the language server show
//! the same picture: a start and an end node, a node per step, edges for every way control can
//! move, and clusters for the step lists nested in choice, parallel and foreach steps. Every
//! node and edge keeps its source span, and every step the diagnostics found inside it.

mod build;
pub mod dot;
pub mod mermaid;
pub mod svg;
mod text;
mod tree;

use serde::Serialize;

pub use build::{NoGraph, build, graph_of};
pub use fdl_check::Severity;

/// The version of the JSON structure; bumped only on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// The graph of one flow.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Graph {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Start first, then the steps in document order (a step before the steps nested in it),
    /// end last.
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<Edge>,
    /// Outer clusters before the clusters nested in them.
    pub clusters: Vec<Cluster>,
    /// Diagnostics that fall inside no step (YAML errors, flow-level fields).
    pub diagnostics: Vec<NodeDiagnostic>,
    /// How many diagnostics of each severity the whole file has.
    pub summary: Summary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphNode {
    /// `start`, `end`, or the step's path in the document: `steps[2].choices[0].steps[1]`.
    pub id: String,
    /// What to show: the name (whitespace collapsed), or `(unnamed task)`.
    pub label: String,
    /// The step's `name`, as written.
    pub name: Option<String>,
    pub kind: NodeKind,
    /// A short description: integration and pattern of a task, duration of a wait, error of a
    /// fail, collection of a foreach, number of branches of a parallel.
    pub detail: Option<String>,
    pub span: Option<Location>,
    /// The worst severity of `diagnostics`.
    pub severity: Option<Severity>,
    /// The diagnostics inside this step but not inside a step nested in it.
    pub diagnostics: Vec<NodeDiagnostic>,
    /// The id of the innermost cluster holding the node; `null` for the top level.
    pub cluster: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Start,
    End,
    Task,
    Pass,
    Choice,
    Parallel,
    Foreach,
    Wait,
    Succeed,
    Fail,
    /// A step whose `type` is missing or not one of the eight kinds.
    Unknown,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Start => "start",
            NodeKind::End => "end",
            NodeKind::Task => "task",
            NodeKind::Pass => "pass",
            NodeKind::Choice => "choice",
            NodeKind::Parallel => "parallel",
            NodeKind::Foreach => "foreach",
            NodeKind::Wait => "wait",
            NodeKind::Succeed => "succeed",
            NodeKind::Fail => "fail",
            NodeKind::Unknown => "unknown",
        }
    }

    /// Start or end rather than a step.
    pub fn is_terminal_node(self) -> bool {
        matches!(self, NodeKind::Start | NodeKind::End)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeDiagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub span: Location,
}

/// A source range: byte offsets (0-based) and line and column (1-based, columns in
/// characters), as in `fdl check --format json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub offset: usize,
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// A choice branch's condition (shortened), a catch rule's error names.
    pub label: Option<String>,
    pub span: Option<Location>,
    /// The target comes at or before the source in document order: a loop.
    pub back: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// The next step of a list, or the step after a nested list's container.
    Next,
    /// Into a choice branch (labelled with its condition), a parallel branch or a foreach body;
    /// for a choice branch with only a `goto`, straight to its target.
    Branch,
    /// A choice's `default`, or the way on when no condition holds and there is no default.
    Default,
    /// The `goto` after a choice branch's steps.
    Goto,
    /// A task's catch rule.
    Catch,
    /// A list ended early: `end: true`, or a succeed or fail step.
    End,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Next => "next",
            EdgeKind::Branch => "branch",
            EdgeKind::Default => "default",
            EdgeKind::Goto => "goto",
            EdgeKind::Catch => "catch",
            EdgeKind::End => "end",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cluster {
    /// The path of the branch or body: `steps[1].branches[0]`, `steps[2].choices[1]`,
    /// `steps[2].default`, `steps[3].steps` (a foreach body).
    pub id: String,
    pub kind: ClusterKind,
    pub label: String,
    /// The id of the step the cluster belongs to.
    pub step: String,
    /// The id of the enclosing cluster; `null` at the top level.
    pub parent: Option<String>,
    pub span: Option<Location>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterKind {
    ChoiceBranch,
    ChoiceDefault,
    ParallelBranch,
    Foreach,
}

impl Graph {
    /// The graph as one JSON document on one line (as `fdl check --format json` prints),
    /// ending with a newline.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and numbers cannot fail.
        let mut json = serde_json::to_string(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// The steps (not start and end).
    pub fn steps(&self) -> impl Iterator<Item = &GraphNode> {
        self.nodes.iter().filter(|n| !n.kind.is_terminal_node())
    }
}
