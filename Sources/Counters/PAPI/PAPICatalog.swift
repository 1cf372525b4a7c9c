import CPAPI

/// What PAPI knows about this machine: components, preset and native event names.
/// Listing only; whether an event counts is found by opening it (`CounterBackend.check`).
/// Requires PAPI to be initialised (`PAPIBackend.shared()`).
enum PAPICatalog {
    struct Entry {
        var name: String
        var description: String
        /// Presets: how many native events implement it here (0: not defined on this CPU).
        var terms: Int
    }

    /// Every preset PAPI defines, whether or not this CPU has it.
    static func presets() -> [Entry] {
        var code = cpapi_preset_mask()
        guard PAPI_enum_event(&code, Int32(PAPI_ENUM_FIRST)) == PAPI_OK else { return [] }
        var entries: [Entry] = []
        repeat {
            if let entry = describe(code) { entries.append(entry) }
        } while PAPI_enum_event(&code, Int32(PAPI_ENUM_EVENTS)) == PAPI_OK
        return entries
    }

    /// Every native event of component `component` (base names, without unit masks).
    static func natives(component: Int32) -> [Entry] {
        var code = cpapi_native_mask()
        guard PAPI_enum_cmp_event(&code, Int32(PAPI_ENUM_FIRST), component) == PAPI_OK else { return [] }
        var entries: [Entry] = []
        repeat {
            if let entry = describe(code) { entries.append(entry) }
        } while PAPI_enum_cmp_event(&code, Int32(PAPI_ENUM_EVENTS), component) == PAPI_OK
        return entries
    }

    /// All compiled-in components, enabled or not.
    static func components() -> [CounterProbe.Component] {
        (0..<max(0, PAPI_num_components())).compactMap { index -> CounterProbe.Component? in
            var disabled: Int32 = 0
            var counters: Int32 = 0
            var reason = ""
            let (rc, name) = PAPILibrary.withStringBuffer(capacity: 128) { nameBuffer, nameCap in
                let (rc, text) = PAPILibrary.withStringBuffer(capacity: 1024) {
                    cpapi_component_describe(index, nameBuffer, nameCap, &disabled, $0, $1, &counters)
                }
                reason = text
                return rc
            }
            guard rc == PAPI_OK else { return nil }
            return CounterProbe.Component(
                index: Int(index), name: name, counterSlots: Int(counters),
                disabledReason: disabled != 0 ? (reason.isEmpty ? "disabled" : reason) : nil)
        }
    }

    private static func describe(_ code: Int32) -> Entry? {
        var terms: UInt32 = 0
        var description = ""
        let (rc, name) = PAPILibrary.withStringBuffer(capacity: 1024) { symbol, symbolCap in
            let (rc, text) = PAPILibrary.withStringBuffer(capacity: 1024) {
                cpapi_event_describe(code, symbol, symbolCap, $0, $1, &terms)
            }
            description = text
            return rc
        }
        guard rc == PAPI_OK, !name.isEmpty else { return nil }
        return Entry(name: name, description: description, terms: Int(terms))
    }
}
