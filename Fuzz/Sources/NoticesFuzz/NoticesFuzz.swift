// libFuzzer entry point: front matter + Markdown + rendering of one notice in a small fixed site.
//
// Input bytes (see docs/fuzzing.md):
//   no NUL byte          the whole input is content/notices/2020/fuzz.md
//   one NUL byte         products.yml NUL notice
//   two or more NULs     products.yml NUL notice NUL site.yml (the rest, NULs included)
// A notice holding a NUL byte is refused at once by the decoder, so splitting there loses nothing.
//
// Each input is prepared (`Build.prepare`) and rendered (`Build.render`) on one thread against the repository's real
// templates (read once at startup). A crash, a sanitizer report, a hang (-timeout) or a memory
// blow-up (-rss_limit_mb) is a finding; so is a build that returns no files without an error.
//
// Build: swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Foundation
import NoticeKit

private enum FuzzSite {
    static let noticePath = "content/notices/2020/fuzz.md"

    static let catalog = """
    - id: drkcms
      name: DRKCMS
      children:
        - id: drkcms-v6
          name: DRKCMS v6
          since: 2014
          children:
            - { id: drkcms-v6-brk, name: BRK-Version }
            - { id: drkcms-v6-lv, name: LV-Vorlage }
            - { id: drkcms-v6-ov, name: OV-Vorlage }
            - { id: drkcms-v6-kv, name: KV-Vorlage }
        - { id: drkcms-v7, name: DRKCMS v7, since: 2017 }
        - { id: drkcms-v9, name: DRKCMS v9, since: 2019 }
    - id: jrkcms
      name: JRKCMS
      children:
        - { id: jrkcms-v6, name: JRKCMS v6, since: 2014 }

    """

    static let settings = """
    title: Kundeninformationen
    base_url: https://hilfe.example.de/
    language: de
    time_zone: Europe/Berlin
    categories:
      - { id: stoerung, name: Störung }
      - { id: wartung, name: Wartung }
      - { id: sicherheit, name: Sicherheitshinweis }
      - { id: info, name: Information }

    """

    /// A second, fixed notice: lists hold two entries and the fuzzed notice can link to it
    /// (`../2019/wartung.md#ablauf`).
    static let companion = """
    ---
    title: "Wartung: Datenbankserver DRKCMS v7"
    date: 2019-03-12T22:00:00+01:00
    category: wartung
    products: [drkcms-v7]
    window: {start: 2019-03-12T22:00, end: 2019-03-13T02:00}
    ---
    Sehr geehrte Kunden,

    in der Nacht warten wir den Datenbankserver für DRKCMS v7.

    ## Ablauf

    - Beginn um 22 Uhr
    - Ende spätestens um 2 Uhr

    """

    /// The repository's theme (templates and strings files): `NOTICES_FUZZ_TEMPLATES`, else
    /// `templates/` two folders above this package (read once; the fuzzer must not touch the disk per input).
    static let theme: [SourceFile] = {
        var folder: URL
        if let path = ProcessInfo.processInfo.environment["NOTICES_FUZZ_TEMPLATES"] {
            folder = URL(fileURLWithPath: path)
        } else {
            folder = URL(fileURLWithPath: #filePath) // Fuzz/Sources/NoticesFuzz/NoticesFuzz.swift
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("templates")
        }
        folder = folder.resolvingSymlinksInPath()
        var files: [SourceFile] = []
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            guard SiteLayout.isThemeSource("templates/" + relative), !relative.hasPrefix("assets/"),
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            files.append(SourceFile(path: "templates/" + relative, bytes: Array(data)))
        }
        guard files.contains(where: { $0.path == "templates/layout.mustache" }) else {
            FileHandle.standardError.write(Data("NoticesFuzz: no templates/layout.mustache under \(folder.path); set NOTICES_FUZZ_TEMPLATES\n".utf8))
            exit(2)
        }
        return files.sorted { $0.path < $1.path }
    }()

    static let attachment = SourceFile(path: "content/notices/2020/bild.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

    /// 2020-06-01T12:00:00Z: the fuzzed notice (2020) can be past, current, scheduled or expired.
    /// Drafts and scheduled notices are included (as `notices serve` does) so their pages render too.
    static let time = BuildTime(now: 1_590_984_000, includeDrafts: true, includeFuture: true)

    static func sources(for input: UnsafeRawBufferPointer) -> SiteSources {
        let bytes = Array(input)
        var catalogBytes = Array(catalog.utf8), noticeBytes = bytes, settingsBytes = Array(settings.utf8)
        if let first = bytes.firstIndex(of: 0) {
            catalogBytes = Array(bytes[..<first])
            let rest = bytes[(first + 1)...]
            if let second = rest.firstIndex(of: 0) {
                noticeBytes = Array(rest[..<second])
                settingsBytes = Array(rest[(second + 1)...])
            } else {
                noticeBytes = Array(rest)
            }
        }
        return SiteSources(
            settings: SourceFile(path: "content/site.yml", bytes: settingsBytes),
            catalog: SourceFile(path: "content/products.yml", bytes: catalogBytes),
            notices: [SourceFile(path: "content/notices/2019/wartung.md", text: companion),
                      SourceFile(path: noticePath, bytes: noticeBytes)],
            templates: theme.filter { $0.path.hasSuffix(".mustache") },
            strings: theme.filter { SiteLayout.isStringsFile($0.path) },
            attachments: [attachment]
        )
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    _ = FuzzSite.theme // read the theme before the first input, outside the timed runs
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size)
    let prepared = Build.prepare(FuzzSite.sources(for: input), options: Build.Options(time: FuzzSite.time, threads: 1))
    let (files, diagnostics) = (Build.render(prepared, threads: 1), prepared.diagnostics)
    // Invariant: a build either yields files or says why not.
    if files == nil && !diagnostics.hasErrors {
        fatalError("the build returned no files and no error")
    }
    if let files, diagnostics.hasErrors {
        fatalError("the build returned \(files.count) files despite errors: \(diagnostics.sorted.prefix(3))")
    }
    return 0
}
