import Foundation

/// A throwaway key and certificate, issued by the dev CA (`TestDirectory.caFile` and the
/// `ca.key` beside it) or self-signed, with the names and validity a test asks for.
struct TestCertificate: Sendable {
    /// The folder that holds the files (and the throwaway CA's bookkeeping).
    let folder: String
    let certificateFile: String
    let keyFile: String

    /// Removes the files.
    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `subjectAltName` as OpenSSL writes it (`DNS:other.test`, `IP:127.0.0.1`); dates as
    /// `YYYYMMDDHHMMSSZ`.
    static func issue(
        commonName: String, subjectAltName: String, validFrom: String = "20200101000000Z",
        validUntil: String = "20991231235959Z", selfSigned: Bool = false
    ) async throws -> TestCertificate {
        let folder = NSTemporaryDirectory() + "ldapsync-cert-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificate = TestCertificate(folder: folder, certificateFile: "\(folder)/cert.pem", keyFile: "\(folder)/key.pem")
        let log = "\(folder)/openssl.log"
        let request = [
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", certificate.keyFile, "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=\(subjectAltName)",
        ]
        if selfSigned {
            try await runExpectingSuccess("/usr/bin/openssl", request + ["-x509", "-days", "30", "-out", certificate.certificateFile], log: log)
            return certificate
        }
        try await runExpectingSuccess("/usr/bin/openssl", request + ["-out", "\(folder)/request.csr"], log: log)
        // `openssl ca` (not `x509 -req`) because it takes any validity period, past or future.
        let config = """
            [ca]
            default_ca = throwaway
            [throwaway]
            database = \(folder)/index.txt
            new_certs_dir = \(folder)
            serial = \(folder)/serial
            default_md = sha256
            policy = any
            copy_extensions = copy
            [any]
            commonName = supplied

            """
        try config.write(toFile: "\(folder)/ca.cnf", atomically: true, encoding: .utf8)
        try "".write(toFile: "\(folder)/index.txt", atomically: true, encoding: .utf8)
        try "01\n".write(toFile: "\(folder)/serial", atomically: true, encoding: .utf8)
        let caKey = URL(fileURLWithPath: TestDirectory.caFile).deletingLastPathComponent().appendingPathComponent("ca.key").path
        try await runExpectingSuccess(
            "/usr/bin/openssl",
            [
                "ca", "-batch", "-notext", "-config", "\(folder)/ca.cnf", "-cert", TestDirectory.caFile, "-keyfile", caKey,
                "-startdate", validFrom, "-enddate", validUntil, "-in", "\(folder)/request.csr", "-out", certificate.certificateFile,
            ], log: log)
        return certificate
    }
}
