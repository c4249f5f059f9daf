import Crypto
import Foundation

/// AES-256-GCM for special-category fields (health detail). The key comes from `FORBEAR_DATA_KEY` (base64, 32 bytes)
/// or a key file; ciphertext is stored as base64 of nonce + ciphertext + tag.
public struct FieldCipher: Sendable {
    /// The raw key; `SymmetricKey` itself is not `Sendable`, so one is made per use.
    let keyData: Data
    var key: SymmetricKey { SymmetricKey(data: keyData) }

    public init(base64Key: String) throws(StoreError) {
        guard let data = Data(base64Encoded: base64Key.trimmingCharacters(in: .whitespacesAndNewlines)),
            data.count == 32
        else { throw .invalid("FORBEAR_DATA_KEY must be 32 bytes, base64-encoded (e.g. openssl rand -base64 32)") }
        keyData = data
    }

    /// A new random key, base64-encoded.
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Reads the key from a file, creating it with mode 0600 when it does not exist (the demo's local key).
    public static func loadOrCreateKeyFile(at path: String) throws -> FieldCipher {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            let created = fm.createFile(
                atPath: path, contents: Data(generateKey().utf8), attributes: [.posixPermissions: 0o600])
            if !created { throw StoreError.invalid("cannot create the key file \(path)") }
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try FieldCipher(base64Key: text)
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw StoreError.invalid("encryption failed") }
        return combined.base64EncodedString()
    }

    public func open(_ ciphertext: String) throws -> String {
        guard let data = Data(base64Encoded: ciphertext) else { throw StoreError.invalid("ciphertext is not base64") }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }
}
