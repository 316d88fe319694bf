/// The two tiers of the safety check and how the words and the meaning signals make them:
/// a full notice (the calm message and the resources, before anything else) when a sign is
/// strong, a short footer of resources after the answer when it is possible but uncertain.
/// The thresholds are on `MeaningSafety`'s margins, set on the validation list only
/// (`scripts/tune-safety`); a word rule that matches is a full notice unless meaning reads the
/// message as plainly ordinary (`wordsNeedMargin`), then the footer.
public struct SafetyTiers: Sendable, Equatable {
    public var noticeCrisis: Double
    public var noticeCoercion: Double
    public var footerCrisis: Double
    public var footerCoercion: Double
    /// A word rule's match is a full notice unless meaning reads every piece of the message as
    /// plainly ordinary (both margins under this); then it is the footer. Words cannot tell
    /// "I shot myself in the foot" from a plan, and a list written wider catches more only if
    /// meaning may overrule its plainest mistakes. nil: words are always a notice.
    public var wordsNeedMargin: Double? = nil
    /// Whatever is shown also carries the other kind's whole help when that kind's signal is
    /// within this much of its footer threshold: a message can be both (a plan to die told
    /// beside a partner's threats). Its first line is always there (`combine`).
    public var otherKindMargin: Double = 0

    /// Off: meaning raises nothing (until thresholds are set on a validation list).
    public static let off = SafetyTiers(noticeCrisis: .infinity, noticeCoercion: .infinity, footerCrisis: .infinity, footerCoercion: .infinity)

    public init(noticeCrisis: Double, noticeCoercion: Double, footerCrisis: Double, footerCoercion: Double, wordsNeedMargin: Double? = nil, otherKindMargin: Double = 0) {
        self.noticeCrisis = noticeCrisis
        self.noticeCoercion = noticeCoercion
        self.footerCrisis = footerCrisis
        self.footerCoercion = footerCoercion
        self.wordsNeedMargin = wordsNeedMargin
        self.otherKindMargin = otherKindMargin
    }

    public func notice(_ kind: SafetyNotice.Kind) -> Double { kind == .crisis ? noticeCrisis : noticeCoercion }
    public func footer(_ kind: SafetyNotice.Kind) -> Double { kind == .crisis ? footerCrisis : footerCoercion }

    public mutating func set(_ name: String, _ value: Double) -> Bool {
        switch name {
        case "noticeCrisis": noticeCrisis = value
        case "noticeCoercion": noticeCoercion = value
        case "footerCrisis": footerCrisis = value
        case "footerCoercion": footerCoercion = value
        case "wordsNeedMargin": wordsNeedMargin = value
        case "otherKindMargin": otherKindMargin = value
        default: return false
        }
        return true
    }

    /// The calm line a footer starts with: no alarm, an open door.
    public static let footerMessage = "If anything here touches on feeling unsafe, or on not wanting to go on, you don't have to carry it alone:"

    /// What to show: the words' notice, or meaning's notice or footer, with the resources of
    /// every kind either of them saw, and always at least the first line of the other kind's
    /// help after its own: which kind a message is can be misread, and help of the wrong kind
    /// alone is the one mistake a shown notice must not make. (Adding the other kind's help
    /// near its footer, `otherKindMargin`, left none without it on the validation lists, and
    /// one message of the blind list: only a rule can promise it.)
    public func combine(words: SafetyNotice?, signal: MeaningSafety.Signal?, rules: SafetyRules, text: String? = nil) -> SafetyNotice? {
        guard var shown = combineKinds(words: words, signal: signal, rules: rules) else { return nil }
        for kind in [SafetyNotice.Kind.crisis, .coercion] where kind != shown.kind {
            let help = rules.categories.first { $0.kind == kind }?.resources ?? []
            if let first = help.first, !help.contains(where: shown.resources.contains) { shown.resources.append(first) }
        }
        // A crisis notice about the partner, not the writer, speaks to a worried partner.
        if shown.kind == .crisis, shown.level == .notice {
            let piece = signal.flatMap { $0.crisisPiece.isEmpty ? nil : $0.crisisPiece } ?? text ?? ""
            if WorriedPartner.isAboutPartner(piece), text.map(WorriedPartner.isAboutPartner) ?? true { shown.message = WorriedPartner.message }
        }
        return shown
    }

    private func combineKinds(words: SafetyNotice?, signal: MeaningSafety.Signal?, rules: SafetyRules) -> SafetyNotice? {
        let kinds: [SafetyNotice.Kind] = [.crisis, .coercion]
        func resources(_ kind: SafetyNotice.Kind) -> [SafetyNotice.Resource] { rules.categories.first { $0.kind == kind }?.resources ?? [] }
        func adding(_ extra: [SafetyNotice.Kind], to notice: SafetyNotice) -> SafetyNotice {
            var notice = notice
            for kind in extra where kind != notice.kind {
                notice.resources += resources(kind).filter { !notice.resources.contains($0) }
            }
            return notice
        }
        let possible = signal.map { signal in kinds.filter { signal.value($0) >= footer($0) } } ?? []
        // Kinds whose help is added to whatever is shown (never a reason to show something).
        let related = signal.map { signal in kinds.filter { signal.value($0) >= footer($0) - otherKindMargin } } ?? []
        if let words {
            guard let signal, let gate = wordsNeedMargin, max(signal.crisis, signal.coercion) < gate else { return adding(related, to: words) }
            // Meaning reads the whole message as plainly ordinary: the words' help, as the footer.
            var shown = resources(words.kind)
            for kind in related where kind != words.kind { shown += resources(kind).filter { !shown.contains($0) } }
            return SafetyNotice(kind: words.kind, message: Self.footerMessage, resources: shown, level: .footer)
        }
        guard let signal else { return nil }
        let strong = kinds.filter { signal.value($0) >= notice($0) }
        if let kind = strong.max(by: { signal.value($0) - notice($0) < signal.value($1) - notice($1) }),
           let category = rules.categories.first(where: { $0.kind == kind }) {
            var resources = category.resources
            resources += rules.always.filter { !resources.contains($0) }
            return adding(related + strong, to: SafetyNotice(kind: kind, message: category.message, resources: resources))
        }
        guard let kind = possible.max(by: { signal.value($0) - footer($0) < signal.value($1) - footer($1) }) else { return nil }
        var shown: [SafetyNotice.Resource] = []
        for each in [kind] + related where each != kind || shown.isEmpty {
            shown += resources(each).filter { !shown.contains($0) }
        }
        return SafetyNotice(kind: kind, message: Self.footerMessage, resources: shown, level: .footer)
    }
}
