/// The state of one catalog node at the build's "now": what a customer of that product, version
/// or variant should expect. Ordered from best to worst, so the worst of several is `max`.
public enum NodeState: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Nothing current concerns the node (upcoming maintenance does not change this).
    case ok
    /// A maintenance window is running now.
    case maintenance
    /// A disruption is being monitored, or an ongoing disruption has `impact: minor`.
    case degraded
    /// An ongoing disruption with `impact: major` (or without an impact, as in other categories).
    case disrupted
    /// An ongoing disruption with `impact: critical`.
    case outage

    private var rank: Int { NodeState.allCases.firstIndex(of: self)! }

    public static func < (a: NodeState, b: NodeState) -> Bool { a.rank < b.rank }

    /// What one notice adds to the state of every node it concerns; `ok` when nothing.
    public static func contribution(of lifecycle: Lifecycle, at state: NoticeState) -> NodeState {
        guard !state.expired else { return .ok }
        var result = NodeState.ok
        switch lifecycle.status {
        case .ongoing:
            switch lifecycle.impact ?? Impact.defaultValue {
            case .minor: result = .degraded
            case .major: result = .disrupted
            case .critical: result = .outage
            }
        case .monitoring: result = .degraded
        case .resolved, nil: break
        }
        if state.windowPhase == .running { result = max(result, .maintenance) }
        return result
    }
}

/// The state of every catalog node, computed from the site's notices: a pure function of the
/// catalog and the notices with their state at "now" (`NoticeState`).
///
/// Roll-up, as on the product pages: a notice tagged with a node concerns that node and every
/// node below it (all of it), and every node above it (part of it). `all` concerns every node.
/// `not_affected` ids, with everything below them, are left out. A node's state is the worst
/// contribution of the notices that concern it; `partial` says that this state comes only from
/// notices about some of its versions or variants (DRKCMS shows "Wartung" while DRKCMS v7 is
/// being maintained, marked partial; DRKCMS v6 and v9 stay `ok`).
public struct ProductStatus: Sendable {
    public struct Node: Sendable, Hashable {
        public var state: NodeState
        /// True when the state comes only from notices about some of the node's descendants.
        public var partial: Bool
        /// Indexes into the notices of every notice that sets the node's state now (ongoing,
        /// monitoring, or a running window), most severe first, else in the order of `notices`.
        public var current: [Int]
        /// Indexes of notices whose maintenance window is still to come, soonest first.
        public var upcoming: [Int]
    }

    /// One per catalog product, in catalog order.
    public let nodes: [Node]

    /// - Parameter notices: the notices in list order (as `Site.notices`).
    public init(catalog: Catalog, notices: [Notice]) {
        self.init(catalog: catalog, notices: notices.map { ($0.products, $0.lifecycle, $0.state) })
    }

    /// The same from the parts of each notice that matter (for callers without `Notice` values).
    public init(catalog: Catalog, notices: [(products: [String], lifecycle: Lifecycle, state: NoticeState)]) {
        let count = catalog.products.count
        var whole = [NodeState](repeating: .ok, count: count)
        var any = [NodeState](repeating: .ok, count: count)
        var current = [[(Int, NodeState)]](repeating: [], count: count)
        var upcoming = [[Int]](repeating: [], count: count)
        for (index, notice) in notices.enumerated() {
            let contribution = NodeState.contribution(of: notice.lifecycle, at: notice.state)
            let isUpcoming = !notice.state.expired && notice.state.windowPhase == .upcoming
            guard contribution != .ok || isUpcoming else { continue }
            let (wholly, partly) = Self.concerned(
                catalog, tagged: notice.products, notAffected: notice.lifecycle.notAffected)
            for node in wholly { whole[node] = max(whole[node], contribution) }
            for node in wholly + partly {
                any[node] = max(any[node], contribution)
                if contribution != .ok { current[node].append((index, contribution)) }
                if isUpcoming { upcoming[node].append(index) }
            }
        }
        let starts = notices.map { $0.lifecycle.window?.start }
        nodes = (0..<count).map { node in
            Node(
                state: any[node], partial: any[node] > whole[node],
                current: current[node].enumerated().sorted { a, b in
                    a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
                }.map(\.element.0),
                upcoming: upcoming[node].sorted { a, b in
                    let x = starts[a]!
                    let y = starts[b]!
                    return x != y ? x < y : a < b
                })
        }
    }

    public subscript(index: Int) -> Node { nodes[index] }

    /// The nodes a notice concerns: wholly (a tagged node and everything below it, less what
    /// `not_affected` names) and partly (the ancestors of those, and any node with a wholly
    /// concerned node below it that is not itself wholly concerned). Disjoint, sorted.
    static func concerned(_ catalog: Catalog, tagged: [String], notAffected: [Lifecycle.NotAffected]) -> (
        wholly: [Int], partly: [Int]
    ) {
        var excluded = Set<Int>()
        for case .product(let id) in notAffected {
            if let index = catalog.index(of: id) { excluded.formUnion(catalog.subtree(of: index)) }
        }
        let starts = tagged.contains(Catalog.everyProductID) ? catalog.roots : tagged.compactMap(catalog.index(of:))
        var wholly = Set(starts.flatMap(catalog.subtree(of:)))
        wholly.subtract(excluded)
        // A node with an excluded node below it is concerned only in part: the ancestors of the
        // excluded nodes, as far as they were reached.
        var partly = Set<Int>()
        for node in excluded {
            partly.formUnion(catalog.ancestors(of: node).filter(wholly.contains))
        }
        wholly.subtract(partly)
        for node in wholly.union(partly) {
            // Nearest first, up to the first ancestor concerned wholly.
            for ancestor in catalog.ancestors(of: node).reversed() {
                if wholly.contains(ancestor) { break }
                partly.insert(ancestor)
            }
        }
        return (wholly.sorted(), partly.subtracting(wholly).sorted())
    }
}
