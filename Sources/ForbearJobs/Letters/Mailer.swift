import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One email to send.
public struct OutgoingMail: Sendable, Equatable {
    public var messageId: String
    public var from: String
    public var to: String
    public var subject: String
    public var text: String
    public var html: String

    public init(messageId: String, from: String, to: String, subject: String, text: String, html: String) {
        self.messageId = messageId
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}

public enum MailError: Error, Sendable, CustomStringConvertible {
    /// Worth trying again later (connection refused, 4xx reply).
    case transient(String)
    /// Will not work however often it is tried (5xx reply: no such mailbox, refused).
    case permanent(String)

    public var description: String {
        switch self {
        case .transient(let s): return "temporary failure: \(s)"
        case .permanent(let s): return "permanent failure: \(s)"
        }
    }

    public var isPermanent: Bool { if case .permanent = self { return true } else { return false } }
}

public protocol Mailer: Sendable {
    func send(_ mail: OutgoingMail) async throws(MailError)
}

/// Delivers mail over plain SMTP to a relay (a local MTA or, in tests, a sink such as Python's aiosmtpd). The
/// relay handles TLS and onward delivery; Forbear only hands the message over.
public struct SMTPMailer: Mailer {
    public var host: String
    public var port: UInt16
    public var timeoutSeconds: Int

    public init(host: String, port: UInt16, timeoutSeconds: Int = 10) {
        self.host = host
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// Reads "host:port" (port 25 when left out).
    public init?(address: String) {
        let parts = address.split(separator: ":")
        guard let host = parts.first, parts.count <= 2 else { return nil }
        let port = parts.count == 2 ? UInt16(parts[1]) : 25
        guard let port else { return nil }
        self.init(host: String(host), port: port)
    }

    public func send(_ mail: OutgoingMail) async throws(MailError) {
        let result: Result<Void, MailError> = await withCheckedContinuation { continuation in
            // Blocking socket calls run on a dispatch thread, never on Swift's cooperative pool.
            DispatchQueue.global().async {
                do throws(MailError) {
                    try self.deliver(mail)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        try result.get()
    }

    func deliver(_ mail: OutgoingMail) throws(MailError) {
        let fd = try connect()
        defer { close(fd) }
        var buffer: [UInt8] = []
        func reply() throws(MailError) -> (Int, String) {
            while true {
                // A complete reply ends with a line "NNN text" (a hyphen after the code means more lines follow).
                if let text = String(bytes: buffer, encoding: .utf8), text.hasSuffix("\r\n") {
                    let lines = text.split(separator: "\r\n")
                    if let last = lines.last, last.count >= 4, last[last.index(last.startIndex, offsetBy: 3)] == " " {
                        buffer = []
                        return (Int(last.prefix(3)) ?? 0, String(last))
                    }
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &chunk, chunk.count, 0)
                guard n > 0 else { throw .transient("the mail server closed the connection") }
                buffer += chunk[0..<n]
            }
        }
        func send(_ text: String) throws(MailError) {
            var bytes = Array(text.utf8)
            while !bytes.isEmpty {
                let n = Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw .transient("writing to the mail server failed") }
                bytes.removeFirst(n)
            }
        }
        func expect(_ codes: ClosedRange<Int>, after command: String?) throws(MailError) {
            if let command { try send(command + "\r\n") }
            let (code, text) = try reply()
            guard codes.contains(code) else {
                let what = command.map { "\($0.split(separator: ":").first ?? "") → " } ?? ""
                throw code >= 500 ? .permanent(what + text) : .transient(what + text)
            }
        }
        try expect(200...299, after: nil)
        try expect(200...299, after: "EHLO forbear")
        try expect(200...299, after: "MAIL FROM:<\(mail.from)>")
        try expect(200...299, after: "RCPT TO:<\(mail.to)>")
        try expect(300...399, after: "DATA")
        try send(Self.message(mail) + "\r\n.\r\n")
        try expect(200...299, after: nil)
        try? send("QUIT\r\n")
    }

    func connect() throws(MailError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .transient("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let a = node {
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd >= 0 {
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return fd }
                close(fd)
            }
            node = a.pointee.ai_next
        }
        throw .transient("cannot connect to \(host):\(port)")
    }

    /// A MIME multipart/alternative message, UTF-8, every part in base64 (no line of the body can start with a dot).
    static func message(_ mail: OutgoingMail) -> String {
        let boundary = "forbear-\(mail.messageId)"
        func b64(_ s: String) -> String {
            let encoded = Data(s.utf8).base64EncodedString()
            var lines: [Substring] = []
            var rest = Substring(encoded)
            while !rest.isEmpty {
                lines.append(rest.prefix(76))
                rest = rest.dropFirst(76)
            }
            return lines.joined(separator: "\r\n")
        }
        let subject = "=?UTF-8?B?\(Data(mail.subject.utf8).base64EncodedString())?="
        return [
            "From: \(mail.from)", "To: \(mail.to)", "Subject: \(subject)", "Message-ID: <\(mail.messageId)@forbear>",
            "MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "",
            "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
            b64(mail.text), "--\(boundary)", "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64", "", b64(mail.html), "--\(boundary)--",
        ].joined(separator: "\r\n")
    }
}
