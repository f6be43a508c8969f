import Mustache

/// Every name a page context holds, declared once. The view models (`ViewModels`, `HTMLPages`)
/// build their contexts from these names only, so a name is in this list exactly when some page
/// can provide it; `OutputChecks` warns about names a template uses that are not in it (they would
/// render as nothing). docs/templates.md documents what each one holds.
enum ViewKey: String, CaseIterable, Sendable {
    case address
    case badgeUrl = "badge_url"
    case baseUrl = "base_url"
    case body
    case breadcrumbs
    case calendar
    case calendarUrl = "calendar_url"
    case canonicalUrl = "canonical_url"
    case catalog
    case categories
    case category
    case children
    case content
    case count
    case current
    case currentCount = "current_count"
    case date
    case datetime
    case depth
    case description
    case display
    case email
    case end
    case feed
    case feedUrl = "feed_url"
    case generator
    case google
    case hasBreadcrumbs = "has_breadcrumbs"
    case hasCalendar = "has_calendar"
    case hasChildren = "has_children"
    case hasCurrent = "has_current"
    case hasEmail = "has_email"
    case hasLabel = "has_label"
    case hasMore = "has_more"
    case hasMoreCurrent = "has_more_current"
    case hasNext = "has_next"
    case hasNotAffected = "has_not_affected"
    case hasNotices = "has_notices"
    case hasPagination = "has_pagination"
    case hasPrev = "has_prev"
    case hasSince = "has_since"
    case hasStatusList = "has_status_list"
    case hasToc = "has_toc"
    case hasUpcoming = "has_upcoming"
    case hasUpdates = "has_updates"
    case hasUrl = "has_url"
    case hasWebcal = "has_webcal"
    case hasWindow = "has_window"
    case home
    case href
    case https
    case id
    case impact
    case isAddress = "is_address"
    case isCurrent = "is_current"
    case isDraft = "is_draft"
    case isExpired = "is_expired"
    case isHome = "is_home"
    case isNotice = "is_notice"
    case isOk = "is_ok"
    case isPartial = "is_partial"
    case isPinned = "is_pinned"
    case isPreview = "is_preview"
    case isSiteFeed = "is_site_feed"
    case isSubscribe = "is_subscribe"
    case iso
    case json
    case jsonUrl = "json_url"
    case kind
    case label
    case language
    case lede
    case level
    case links
    case moreCurrentCount = "more_current_count"
    case name
    case nextUrl = "next_url"
    case notAffected = "not_affected"
    case notice
    case noticeCount = "notice_count"
    case notices
    case number
    case page
    case pages
    case pagination
    case phase
    case phaseLabel = "phase_label"
    case prevUrl = "prev_url"
    case product
    case products
    case reach
    case reachProducts = "reach_products"
    case root
    case script
    case search
    case showCurrent = "show_current"
    case since
    case site
    case start
    case state
    case stateLabel = "state_label"
    case status
    case statusList = "status_list"
    case statusRevision = "status_revision"
    case stylesheet
    case subscribe
    case subscribeUrl = "subscribe_url"
    case summary
    case t
    case text
    case title
    case toc
    case total
    case upcoming
    case updates
    case url
    case webcal
    case window
    case year
    case years
}

/// The names of `ViewKey` and of the notify contexts, for finding names templates use in vain.
enum TemplateVocabulary {
    /// Every name a page context can hold.
    static let pages = Set(ViewKey.allCases.map(\.rawValue))

    /// Every key in `value` and below it (the notify contexts are checked by their keys).
    static func collectKeys(_ value: TemplateValue, into keys: inout Set<String>) {
        switch value {
        case .object(let object):
            for (key, inner) in object.pairs {
                keys.insert(key)
                // The texts under `t` are checked by their full names (`TemplateSet.unknownNames`).
                if key != "t" { collectKeys(inner, into: &keys) }
            }
        case .list(let items):
            // Lists repeat one shape; a few items show every key.
            for item in items.prefix(3) { collectKeys(item, into: &keys) }
        default:
            break
        }
    }
}

extension TemplateObject {
    /// A context built from declared names.
    static func view(_ pairs: KeyValuePairs<ViewKey, TemplateValue>) -> TemplateObject {
        var object = TemplateObject()
        object.reserveCapacity(pairs.count)
        for (key, value) in pairs { object[key.rawValue] = value }
        return object
    }

    subscript(key: ViewKey) -> TemplateValue? {
        get { self[key.rawValue] }
        set { self[key.rawValue] = newValue }
    }
}

extension TemplateValue {
    /// An object built from declared names.
    static func view(_ pairs: KeyValuePairs<ViewKey, TemplateValue>) -> TemplateValue {
        .object(.view(pairs))
    }

    subscript(key: ViewKey) -> TemplateValue? {
        self[key.rawValue]
    }
}
