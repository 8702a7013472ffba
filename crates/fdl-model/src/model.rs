//! The typed model of a flow: a view over the YAML tree that knows what each mapping means.
//!
//! It is built from whatever the tree holds, even a partly broken file: a field of the wrong
//! type is simply absent from the typed view (the structural checks report it from the
//! `objects` list), and the healthy parts still become steps.

use fdl_syntax::Node;

use crate::catalogue::{Context, StepKind};

/// A whole flow definition.
#[derive(Debug)]
pub struct Flow<'a> {
    pub root: &'a Node,
    pub steps: Option<StepList<'a>>,
    pub input_mappings: Option<MappingList<'a>>,
    pub output_mappings: Option<MappingList<'a>>,
    /// Every mapping the model interpreted, with the context that decides its keys, in
    /// document order. The structural checks run over this list.
    pub objects: Vec<Object<'a>>,
}

/// A mapping node and what it is.
#[derive(Clone, Copy, Debug)]
pub struct Object<'a> {
    pub node: &'a Node,
    pub context: Context,
}

/// One `steps` list. Its steps are siblings: `goto` resolves among them.
#[derive(Debug)]
pub struct StepList<'a> {
    /// The sequence node.
    pub node: &'a Node,
    pub steps: Vec<Step<'a>>,
}

#[derive(Debug)]
pub struct Step<'a> {
    pub node: &'a Node,
    /// The value of `type`, when present.
    pub type_node: Option<&'a Node>,
    /// The kind, when `type` names one of the eight kinds.
    pub kind: Option<StepKind>,
    /// The value of `name`, when present.
    pub name: Option<&'a Node>,
    pub end: Option<&'a Node>,
    pub input_mappings: Option<MappingList<'a>>,
    pub output_mappings: Option<MappingList<'a>>,
    pub body: Body<'a>,
}

#[derive(Debug)]
pub enum Body<'a> {
    Task(Task<'a>),
    Choice(Choice<'a>),
    Parallel(Parallel<'a>),
    Foreach(Foreach<'a>),
    Wait(Wait<'a>),
    Fail(Fail<'a>),
    /// pass, succeed, or a step of unknown kind.
    Other,
}

#[derive(Debug, Default)]
pub struct Task<'a> {
    pub resource_arn: Option<&'a Node>,
    pub action: Option<&'a Node>,
    pub pattern: Option<&'a Node>,
    pub timeout_seconds: Option<&'a Node>,
    pub service_params: Option<&'a Node>,
    pub error_mappings: Option<MappingList<'a>>,
    pub retry: Vec<RetryRule<'a>>,
    pub catch: Vec<CatchRule<'a>>,
    /// The value of `catch`, when present (whatever its type).
    pub catch_node: Option<&'a Node>,
}

#[derive(Debug)]
pub struct RetryRule<'a> {
    pub node: &'a Node,
    pub errors: Vec<&'a Node>,
    pub interval_seconds: Option<&'a Node>,
    pub max_interval_seconds: Option<&'a Node>,
    pub max_attempts: Option<&'a Node>,
    pub multiplier: Option<&'a Node>,
}

#[derive(Debug)]
pub struct CatchRule<'a> {
    pub node: &'a Node,
    pub errors: Vec<&'a Node>,
    pub goto: Option<&'a Node>,
}

#[derive(Debug, Default)]
pub struct Choice<'a> {
    pub branches: Vec<ChoiceBranch<'a>>,
    pub default: Option<ChoiceBranch<'a>>,
}

/// A choice branch, or the choice's `default` (which has no condition).
#[derive(Debug)]
pub struct ChoiceBranch<'a> {
    pub node: &'a Node,
    pub condition: Option<&'a Node>,
    pub steps: Option<StepList<'a>>,
    pub goto: Option<&'a Node>,
}

#[derive(Debug, Default)]
pub struct Parallel<'a> {
    /// The value of `branches`, when it is a list.
    pub branches_node: Option<&'a Node>,
    pub branches: Vec<ParallelBranch<'a>>,
}

#[derive(Debug)]
pub struct ParallelBranch<'a> {
    pub node: &'a Node,
    pub steps: Option<StepList<'a>>,
}

#[derive(Debug, Default)]
pub struct Foreach<'a> {
    pub iteration_mapping: Option<&'a Node>,
    pub collection: Option<&'a Node>,
    pub item: Option<&'a Node>,
    pub index: Option<&'a Node>,
    pub steps: Option<StepList<'a>>,
}

#[derive(Debug, Default)]
pub struct Wait<'a> {
    pub duration: Option<&'a Node>,
    pub timestamp: Option<&'a Node>,
}

#[derive(Debug, Default)]
pub struct Fail<'a> {
    pub error: Option<&'a Node>,
    pub cause: Option<&'a Node>,
}

#[derive(Debug)]
pub struct MappingList<'a> {
    /// The sequence node.
    pub node: &'a Node,
    pub items: Vec<MappingItem<'a>>,
}

#[derive(Debug)]
pub struct MappingItem<'a> {
    pub node: &'a Node,
    pub target: Option<&'a Node>,
    pub source: Option<&'a Node>,
}

/// Where a `goto` sits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GotoOrigin {
    /// The n-th choice branch (0-based).
    ChoiceBranch(usize),
    ChoiceDefault,
    /// The n-th catch rule (0-based).
    Catch(usize),
}

/// A `goto` of a step: it must name a sibling of that step.
#[derive(Clone, Copy, Debug)]
pub struct Goto<'a> {
    /// The value node of the `goto` key.
    pub node: &'a Node,
    pub origin: GotoOrigin,
}

impl<'a> Step<'a> {
    /// The step's name as text, when it is a scalar.
    pub fn name_text(&self) -> Option<&'a str> {
        self.name.and_then(|n| n.scalar_text())
    }

    /// True when the enclosing list ends after this step: a succeed or fail step, or
    /// `end: true`.
    pub fn ends_list(&self) -> bool {
        self.kind.is_some_and(StepKind::is_terminal)
            || self.end.and_then(Node::as_bool) == Some(true)
    }

    /// Every `goto` this step holds (choice branches, choice default, catch rules).
    pub fn gotos(&self) -> Vec<Goto<'a>> {
        let mut out = Vec::new();
        match &self.body {
            Body::Choice(choice) => {
                for (i, b) in choice.branches.iter().enumerate() {
                    if let Some(node) = b.goto {
                        out.push(Goto {
                            node,
                            origin: GotoOrigin::ChoiceBranch(i),
                        });
                    }
                }
                if let Some(node) = choice.default.as_ref().and_then(|d| d.goto) {
                    out.push(Goto {
                        node,
                        origin: GotoOrigin::ChoiceDefault,
                    });
                }
            }
            Body::Task(task) => {
                for (i, c) in task.catch.iter().enumerate() {
                    if let Some(node) = c.goto {
                        out.push(Goto {
                            node,
                            origin: GotoOrigin::Catch(i),
                        });
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// The step lists directly inside this step (choice branches and default, parallel
    /// branches, foreach body), in document order.
    pub fn child_lists(&self) -> Vec<&StepList<'a>> {
        match &self.body {
            Body::Choice(c) => c
                .branches
                .iter()
                .chain(c.default.iter())
                .filter_map(|b| b.steps.as_ref())
                .collect(),
            Body::Parallel(p) => p.branches.iter().filter_map(|b| b.steps.as_ref()).collect(),
            Body::Foreach(f) => f.steps.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// All mapping lists of the step with what they are.
    pub fn mapping_lists(&self) -> Vec<(MappingRole, &MappingList<'a>)> {
        let mut out = Vec::new();
        if let Some(m) = &self.input_mappings {
            out.push((MappingRole::StepInput, m));
        }
        if let Some(m) = &self.output_mappings {
            out.push((MappingRole::StepOutput, m));
        }
        if let Body::Task(t) = &self.body
            && let Some(m) = &t.error_mappings
        {
            out.push((MappingRole::Error, m));
        }
        out
    }
}

/// What a mapping list does, which decides what its sources may refer to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MappingRole {
    FlowInput,
    FlowOutput,
    StepInput,
    StepOutput,
    Error,
}

impl<'a> StepList<'a> {
    /// The step named `name` in this list.
    pub fn find(&self, name: &str) -> Option<&Step<'a>> {
        self.steps.iter().find(|s| s.name_text() == Some(name))
    }

    /// The names a `goto` inside a step of this list can reach: the steps of this list.
    pub fn goto_candidates(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.steps.iter().filter_map(Step::name_text)
    }
}

impl<'a> Flow<'a> {
    /// Visits every step list of the flow, outer lists before inner ones.
    pub fn for_each_list(&self, mut visit: impl FnMut(&StepList<'a>)) {
        fn go<'a>(list: &StepList<'a>, visit: &mut dyn FnMut(&StepList<'a>)) {
            visit(list);
            for step in &list.steps {
                for child in step.child_lists() {
                    go(child, visit);
                }
            }
        }
        if let Some(list) = &self.steps {
            go(list, &mut visit);
        }
    }

    /// Visits every step of the flow, list by list: all steps of a list, then the lists nested
    /// in them (not document order).
    pub fn for_each_step(&self, mut visit: impl FnMut(&Step<'a>)) {
        self.for_each_list(|list| list.steps.iter().for_each(&mut visit));
    }
}

/// Builds the typed model from the root of a document. The root should be a mapping; if it
/// is not, the model is empty.
pub fn build(root: &Node) -> Flow<'_> {
    flow(root, Depth::Whole)
}

/// The flow level of the model alone: `objects` holds only the flow's own mappings (the root
/// and the items of its mapping lists), and `steps` the top-level steps with what decides
/// where control goes (kind, name, `end`, every `goto`), but not their mapping lists, retry
/// rules or the step lists they nest (all empty). With `build_step` for each top-level step,
/// it makes up `build`: a checker can then rebuild only the steps that changed.
pub fn build_top_level(root: &Node) -> Flow<'_> {
    flow(root, Depth::TopLevel)
}

/// One step with everything nested in it, and the mappings of `Flow::objects` that lie in
/// it, in document order: what `build` makes of it. `None` when `node` is not a mapping.
pub fn build_step(node: &Node) -> Option<(Step<'_>, Vec<Object<'_>>)> {
    let mut b = Builder {
        objects: Vec::new(),
        depth: Depth::Whole,
    };
    let step = b.step(node)?;
    let mut objects = b.objects;
    objects.sort_by_key(|o| o.node.span.start);
    Some((step, objects))
}

#[derive(Clone, Copy, PartialEq)]
enum Depth {
    Whole,
    /// The flow and its top-level steps, without what the steps nest.
    TopLevel,
}

fn flow(root: &Node, depth: Depth) -> Flow<'_> {
    let mut b = Builder {
        objects: Vec::new(),
        depth: Depth::Whole,
    };
    if root.as_mapping().is_some() {
        b.objects.push(Object {
            node: root,
            context: Context::Flow,
        });
    }
    let steps = root.get("steps").and_then(|n| match depth {
        Depth::Whole => b.step_list(n),
        // The steps' own mappings are not the flow's: build them on the side.
        Depth::TopLevel => Builder {
            objects: Vec::new(),
            depth,
        }
        .step_list(n),
    });
    let input_mappings = root.get("inputMappings").and_then(|n| b.mapping_list(n));
    let output_mappings = root.get("outputMappings").and_then(|n| b.mapping_list(n));
    let mut objects = b.objects;
    // Structural checks report in document order.
    objects.sort_by_key(|o| o.node.span.start);
    Flow {
        root,
        steps,
        input_mappings,
        output_mappings,
        objects,
    }
}

struct Builder<'a> {
    objects: Vec<Object<'a>>,
    depth: Depth,
}

/// Shorthand for `node.get(key)`.
fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.get(key)
}

impl<'a> Builder<'a> {
    fn object(&mut self, node: &'a Node, context: Context) -> bool {
        if node.as_mapping().is_some() {
            self.objects.push(Object { node, context });
            true
        } else {
            false
        }
    }

    fn step_list(&mut self, node: &'a Node) -> Option<StepList<'a>> {
        let items = node.as_sequence()?;
        let steps = items.iter().filter_map(|item| self.step(item)).collect();
        Some(StepList { node, steps })
    }

    /// A mapping list of a step (left out of the flow level alone).
    fn step_mappings(&mut self, node: &'a Node, key: &str) -> Option<MappingList<'a>> {
        match self.depth {
            Depth::Whole => get(node, key).and_then(|n| self.mapping_list(n)),
            Depth::TopLevel => None,
        }
    }

    /// A step list inside a step.
    fn nested_list(&mut self, node: &'a Node) -> Option<StepList<'a>> {
        match self.depth {
            Depth::Whole => self.step_list(node),
            Depth::TopLevel => None,
        }
    }

    fn mapping_list(&mut self, node: &'a Node) -> Option<MappingList<'a>> {
        let items = node.as_sequence()?;
        let items = items
            .iter()
            .filter(|item| self.object(item, Context::MappingItem))
            .map(|item| MappingItem {
                node: item,
                target: get(item, "target"),
                source: get(item, "source"),
            })
            .collect();
        Some(MappingList { node, items })
    }

    fn error_names(node: Option<&'a Node>) -> Vec<&'a Node> {
        node.and_then(Node::as_sequence)
            .map(|items| items.iter().collect())
            .unwrap_or_default()
    }

    fn step(&mut self, node: &'a Node) -> Option<Step<'a>> {
        node.as_mapping()?;
        let type_node = get(node, "type");
        let kind = type_node
            .and_then(Node::as_str)
            .and_then(StepKind::from_name);
        self.objects.push(Object {
            node,
            context: kind.map_or(Context::UnknownStep, Context::Step),
        });
        let body = match kind {
            Some(StepKind::Task) => Body::Task(self.task(node)),
            Some(StepKind::Choice) => Body::Choice(self.choice(node)),
            Some(StepKind::Parallel) => Body::Parallel(self.parallel(node)),
            Some(StepKind::Foreach) => Body::Foreach(self.foreach(node)),
            Some(StepKind::Wait) => Body::Wait(Wait {
                duration: get(node, "duration"),
                timestamp: get(node, "timestamp"),
            }),
            Some(StepKind::Fail) => Body::Fail(Fail {
                error: get(node, "error"),
                cause: get(node, "cause"),
            }),
            _ => Body::Other,
        };
        Some(Step {
            node,
            type_node,
            kind,
            name: get(node, "name"),
            end: get(node, "end"),
            input_mappings: self.step_mappings(node, "inputMappings"),
            output_mappings: self.step_mappings(node, "outputMappings"),
            body,
        })
    }

    fn task(&mut self, node: &'a Node) -> Task<'a> {
        let mut retry = Vec::new();
        for rule in get(node, "retry")
            .filter(|_| self.depth == Depth::Whole)
            .and_then(Node::as_sequence)
            .unwrap_or_default()
        {
            if self.object(rule, Context::RetryRule) {
                retry.push(RetryRule {
                    node: rule,
                    errors: Self::error_names(get(rule, "errors")),
                    interval_seconds: get(rule, "intervalSeconds"),
                    max_interval_seconds: get(rule, "maxIntervalSeconds"),
                    max_attempts: get(rule, "maxAttempts"),
                    multiplier: get(rule, "multiplier"),
                });
            }
        }
        let catch_node = get(node, "catch");
        let mut catch = Vec::new();
        for rule in catch_node.and_then(Node::as_sequence).unwrap_or_default() {
            if self.object(rule, Context::CatchRule) {
                catch.push(CatchRule {
                    node: rule,
                    errors: Self::error_names(get(rule, "errors")),
                    goto: get(rule, "goto"),
                });
            }
        }
        Task {
            resource_arn: get(node, "resourceArn"),
            action: get(node, "action"),
            pattern: get(node, "pattern"),
            timeout_seconds: get(node, "timeoutSeconds"),
            service_params: get(node, "serviceParams"),
            error_mappings: self.step_mappings(node, "errorMappings"),
            retry,
            catch,
            catch_node,
        }
    }

    fn choice_branch(&mut self, node: &'a Node, context: Context) -> Option<ChoiceBranch<'a>> {
        if !self.object(node, context) {
            return None;
        }
        Some(ChoiceBranch {
            node,
            condition: get(node, "condition"),
            steps: get(node, "steps").and_then(|n| self.nested_list(n)),
            goto: get(node, "goto"),
        })
    }

    fn choice(&mut self, node: &'a Node) -> Choice<'a> {
        let branches = get(node, "choices")
            .and_then(Node::as_sequence)
            .unwrap_or_default()
            .iter()
            .filter_map(|b| self.choice_branch(b, Context::ChoiceBranch))
            .collect();
        let default =
            get(node, "default").and_then(|d| self.choice_branch(d, Context::ChoiceDefault));
        Choice { branches, default }
    }

    fn parallel(&mut self, node: &'a Node) -> Parallel<'a> {
        let branches_node = get(node, "branches").filter(|n| n.as_sequence().is_some());
        let mut branches = Vec::new();
        for b in branches_node
            .and_then(Node::as_sequence)
            .unwrap_or_default()
        {
            if self.object(b, Context::ParallelBranch) {
                branches.push(ParallelBranch {
                    node: b,
                    steps: get(b, "steps").and_then(|n| self.nested_list(n)),
                });
            }
        }
        Parallel {
            branches_node,
            branches,
        }
    }

    fn foreach(&mut self, node: &'a Node) -> Foreach<'a> {
        let iteration_mapping = get(node, "iterationMapping");
        let im = iteration_mapping.filter(|im| self.object(im, Context::IterationMapping));
        Foreach {
            iteration_mapping,
            collection: im.and_then(|im| get(im, "collection")),
            item: im.and_then(|im| get(im, "item")),
            index: im.and_then(|im| get(im, "index")),
            steps: get(node, "steps").and_then(|n| self.nested_list(n)),
        }
    }
}
