import Foundation

/// `ldapsync.yaml` for tests, built from parts instead of written by hand: one place knows the
/// configuration's shape (the configuration tests alone write YAML themselves, to test the parser).
///
///     var builder = ConfigurationBuilder()
///     builder.settings["schedule"] = "{ passwordSync: off }"
///     builder.connectors = [.init(name: "contoso.com", role: "source", uri: …, bindDN: …, baseDN: …)]
///     try builder.yaml.write(toFile: path, atomically: true, encoding: .utf8)
public struct ConfigurationBuilder: Sendable {
    /// Top-level settings besides `state` and `connectors`, by key, as YAML values (flow style).
    public var settings: [String: String] = [:]
    /// The state folder (relative to the file).
    public var state = "./state"
    public var connectors: [Connector] = []
    /// Raw YAML appended at the top level (rules, object types).
    public var extra = ""

    public init(connectors: [Connector] = []) {
        self.connectors = connectors
    }

    /// One `connectors:` entry.
    public struct Connector: Sendable {
        public var name: String
        public var flavor = "openldap"
        public var role: String
        public var uri: String
        public var bindDN: String
        public var baseDN: String
        public var containers: [String] = []
        /// Further keys, as YAML values (`tls: starttls`, `caFile: …`, `exportWindow: 8`).
        public var settings: [String: String] = [:]

        public init(
            name: String, flavor: String = "openldap", role: String, uri: String, bindDN: String, baseDN: String,
            containers: [String] = [], settings: [String: String] = [:]
        ) {
            self.name = name
            self.flavor = flavor
            self.role = role
            self.uri = uri
            self.bindDN = bindDN
            self.baseDN = baseDN
            self.containers = containers
            self.settings = settings
        }

        var yaml: String {
            var lines = [
                "  - name: \(name)", "    flavor: \(flavor)", "    role: \(role)", "    uri: \(uri)",
                "    bindDN: \(Self.quoted(bindDN))", "    baseDN: \(Self.quoted(baseDN))",
            ]
            if !containers.isEmpty { lines.append("    containers: [\(containers.map(Self.quoted).joined(separator: ", "))]") }
            for (key, value) in settings.sorted(by: { $0.key < $1.key }) { lines.append("    \(key): \(value)") }
            return lines.joined(separator: "\n")
        }

        /// A DN as a YAML scalar (quoted when it holds what YAML reads otherwise).
        static func quoted(_ text: String) -> String {
            guard text.contains(where: { "#[]{}&*!|>'\"%@`".contains($0) }) || text.contains(": ") || text.hasPrefix(" ") else { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }

    /// The whole file.
    public var yaml: String {
        var lines = ["state: \(state)"]
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) { lines.append("\(key): \(value)") }
        if !extra.isEmpty { lines.append(extra) }
        lines.append("connectors:")
        lines += connectors.map(\.yaml)
        return lines.joined(separator: "\n") + "\n"
    }
}
