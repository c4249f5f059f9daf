import Foundation
import HummingbirdBcrypt

/// Staff passwords: bcrypt hashes, generated passwords long enough to type.
public enum Passwords {
    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 12) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }
}
