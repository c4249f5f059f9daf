import ArgumentParser
import ForbearCore
import ForbearJobs
import ForbearLetters
import Foundation

struct LettersBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "letters",
        abstract: "PDF letters rendered per second (template → lint-checked content → PDF), beside WeasyPrint.",
        discussion: """
            Renders demand letters for every country in its own language, varying the case, and reports letters \
            per second. The baseline, measured in the same run, is WeasyPrint (pip install weasyprint) rendering \
            the same letter from its HTML (the email body) to PDF.
            """)
    @Option(help: "How many letters to render.") var letters = 20_000
    @Option(help: "How many letters WeasyPrint renders for the baseline (0 to skip).") var baseline = 30

    func run() async throws {
        let packs = try loadPacks()
        let signposts = try SignpostDirectory.bundled()
        let setup = try LetterSetup.load(templates: nil, packs: packs, signposts: signposts)
        let renderer = setup.renderer
        let samples = Country.allCases.compactMap { country -> LetterData? in
            guard let pack = packs.latest(for: country), let step = pack.steps.last else { return nil }
            return LintSamples.data(
                templateId: step.kind.rawValue, country: country, language: pack.primaryLanguage, pack: pack,
                signposts: signposts)
        }
        stderr("rendering \(letters) letters…")
        var bytes = 0
        var pages = 0
        let start = Date()
        for i in 0..<letters {
            var data = samples[i % samples.count]
            data.caseNumber = Int64(100_000 + i)
            let pdf = try renderer.render(data).pdf()
            bytes += pdf.bytes.count
            pages += pdf.pages
        }
        let seconds = Date().timeIntervalSince(start)
        var result = BenchResult(
            workload: "letters", items: letters, seconds: seconds,
            details: ["pages": pages, "mean_pdf_bytes": bytes / max(letters, 1)])
        if baseline > 0 {
            let html = LetterEmail(try renderer.render(samples[0])).html
            if let weasy = try await weasyPrintRate(html: html, count: baseline) {
                result.baseline = ("weasyprint", baseline, Double(baseline) / weasy)
            } else {
                stderr("WeasyPrint is not installed (pip install weasyprint): no baseline")
            }
        }
        try result.print()
    }

    /// Letters per second WeasyPrint makes from the same letter's HTML, timed inside Python (start-up excluded).
    func weasyPrintRate(html: String, count: Int) async throws -> Double? {
        let file = NSTemporaryDirectory() + "forbear-bench-\(UUID().uuidString.prefix(8)).html"
        try html.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = """
            import sys, time
            try:
                import weasyprint
            except ImportError:
                print("missing"); sys.exit(0)
            html = open(sys.argv[1], encoding="utf-8").read()
            weasyprint.HTML(string=html).write_pdf()
            n = int(sys.argv[2]); t = time.perf_counter()
            for _ in range(n): weasyprint.HTML(string=html).write_pdf()
            print(n / (time.perf_counter() - t))
            """
        // The rate is the last line printed; WeasyPrint may warn above it.
        let out = try await ExternalTool.run("python3", ["-c", script, file, String(count)]).output
        let last = out.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        return Double(last.trimmingCharacters(in: .whitespaces))
    }
}
