import Foundation

/// Portal sign-in settings. Failed attempts are counted per payment reference and per address over `window`; past
/// the limit sign-in waits until the oldest counted attempt leaves the window, and the page says when and gives the
/// phone number.
public struct PortalSettings: Sendable {
    public var idleTimeout: TimeInterval
    public var maxFailuresPerReference: Int
    public var maxFailuresPerAddress: Int
    public var window: TimeInterval
    /// How long an emailed one-time code works, and how many wrong codes end the session.
    public var codeLifetime: TimeInterval
    public var maxCodeAttempts: Int
    public var secureCookies: Bool
    /// The sender of one-time code emails.
    public var mailFrom: String
    /// Behind a reverse proxy every request comes from the proxy: then the client's address for rate limiting is
    /// the first one in `X-Forwarded-For`. Only turn this on when the proxy sets that header itself.
    public var trustForwardedFor: Bool

    public init(
        idleTimeout: TimeInterval = 20 * 60, maxFailuresPerReference: Int = 5, maxFailuresPerAddress: Int = 20,
        window: TimeInterval = 15 * 60, codeLifetime: TimeInterval = 10 * 60, maxCodeAttempts: Int = 5,
        secureCookies: Bool = false, mailFrom: String = "portal@forbear.example", trustForwardedFor: Bool = false
    ) {
        self.idleTimeout = idleTimeout
        self.maxFailuresPerReference = maxFailuresPerReference
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.window = window
        self.codeLifetime = codeLifetime
        self.maxCodeAttempts = maxCodeAttempts
        self.secureCookies = secureCookies
        self.mailFrom = mailFrom
        self.trustForwardedFor = trustForwardedFor
    }
}

/// How a visitor wants the portal shown, kept in a cookie so it lasts between visits and works before sign-in.
struct PortalView: Sendable, Hashable {
    /// The language chosen with the switch; nil means the customer's own (or English before sign-in).
    var chosenLanguage: String?
    var easyRead = false
    var largeText = false

    static let cookie = "fb_portal_view"

    init(chosenLanguage: String? = nil, easyRead: Bool = false, largeText: Bool = false) {
        self.chosenLanguage = chosenLanguage
        self.easyRead = easyRead
        self.largeText = largeText
    }

    /// Reads "lang=nl.easy=1.large=0"; anything unknown is ignored.
    init(cookie: String?) {
        for part in (cookie ?? "").split(separator: ".") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            switch kv[0] {
            case "lang": chosenLanguage = PageViews.supports(kv[1]) ? kv[1] : nil
            case "easy": easyRead = kv[1] == "1"
            case "large": largeText = kv[1] == "1"
            default: break
            }
        }
    }

    var cookieValue: String {
        ([chosenLanguage.map { "lang=\($0)" }, "easy=\(easyRead ? 1 : 0)", "large=\(largeText ? 1 : 0)"] as [String?])
            .compactMap { $0 }.joined(separator: ".")
    }
}
