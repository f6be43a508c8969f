import Mustache

/// The names template contexts hold, for finding names a template uses that nothing provides.
enum TemplateVocabulary {
    /// Every key in `value` and below it.
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
