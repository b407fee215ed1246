// Signed concurrence: signers with SSH keys, signed approvals and sign-offs that
// planbench verify checks and stock git verify-commit accepts, and each kind of
// bad signature detected and named.
import Foundation
import Testing

/// Keys for two parties, made with ssh-keygen in a scratch folder.
struct PartyKeys {
    let sato: String, carter: String, yamamoto: String, stranger: String

    init(in scratch: ScratchDirectory) throws {
        let keygen = try requireProgram("/usr/bin/ssh-keygen", package: "openssh-client")
        try FileManager.default.createDirectory(atPath: scratch.file("keys"), withIntermediateDirectories: true)
        func make(_ name: String) throws -> String {
            let path = scratch.file("keys/\(name)")
            let made = try runProcess(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
            guard made.status == 0 else { throw TestEnvironmentError.missing("ssh-keygen: \(made.stderr)") }
            return path
        }
        sato = try make("sato")
        carter = try make("carter")
        yamamoto = try make("yamamoto")
        stranger = try make("stranger")
    }
}

/// Runs git with a signing key configured as gpg.format=ssh.
func signedGit(_ arguments: [String], key: String, name: String, email: String, in directory: String) throws -> RunResult {
    try git(["-c", "user.name=\(name)", "-c", "user.email=\(email)", "-c", "gpg.format=ssh", "-c", "user.signingkey=\(key)"] + arguments, in: directory)
}

@Suite struct SigningTests {
    /// The example workspace with keys for Sato (japan) and Carter (united-states),
    /// and Yamamoto's key (japan) valid only before 2026-01-01.
    func keyedWorkspace(_ scratch: ScratchDirectory) throws -> (String, PartyKeys) {
        let keys = try PartyKeys(in: scratch)
        #expect(planbench(["init", "--example", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        let first = planbench(["signers", "add", "--party", "japan", "--name", "Sato Hanako", "--email", "h.sato@example.mod.go.jp", "--key", keys.sato + ".pub"], in: ws)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(planbench(["signers", "add", "--party", "united-states", "--name", "Emily Carter", "--email", "emily.carter@example.mil", "--key", keys.carter + ".pub"], in: ws).status == 0)

        // Japan now has a key: the next change to its signers must be signed by it.
        let args = ["signers", "add", "--party", "japan", "--name", "Yamamoto Aiko", "--email", "a.yamamoto@example.mod.go.jp", "--key", keys.yamamoto + ".pub", "--valid-before", "2026-01-01"]
        let unsigned = planbench(args, in: ws)
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("must be signed by one of them"), "\(unsigned.stderr)")
        let wrongParty = planbench(args + ["--signing-key", keys.carter], in: ws)
        #expect(wrongParty.status == 2)
        #expect(wrongParty.stderr.contains("a signer of united-states, not of japan"), "\(wrongParty.stderr)")
        let signed = planbench(args + ["--signing-key", keys.sato], in: ws)
        #expect(signed.status == 0, "\(signed.stderr)")
        return (ws, keys)
    }

    @Test func approvalsByBothPartiesVerifyHereAndWithStockGit() throws {
        let scratch = ScratchDirectory()
        let (ws, keys) = try keyedWorkspace(scratch)
        let list = planbench(["signers", "list"], in: ws).stdout
        #expect(list.contains("japan\tSato Hanako <h.sato@example.mod.go.jp>\tSHA256:"))
        #expect(list.contains("before 2026-01-01"))
        #expect(list.contains("Laura Chen <laura.chen@example.mil>\t(no key)"))

        #expect(planbench(["new", "plan", "isr-2027", "--title", "Bilateral ISR, 2027"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "Draft isr-2027"], in: ws).status == 0)
        let japan = planbench(["approve", "isr-2027", "--party", "japan", "--key", keys.sato], in: ws)
        #expect(japan.status == 0, "\(japan.stderr)")
        #expect(japan.stdout.contains("in review; awaiting united-states"))
        #expect(try scratch.read("ws/plans/isr-2027.yaml").contains("status: in-review"))
        let wrongKey = planbench(["approve", "isr-2027", "--party", "united-states", "--key", keys.sato], in: ws)
        #expect(wrongKey.status == 2)
        #expect(wrongKey.stderr.contains("a signer of japan, not of united-states"))
        let us = planbench(["approve", "isr-2027", "--party", "united-states"], in: ws, environment: ["PLANBENCH_SIGNING_KEY": keys.carter])
        #expect(us.status == 0, "\(us.stderr)")
        #expect(us.stdout.contains("Plan approved by japan and united-states"))
        #expect(try scratch.read("ws/plans/isr-2027.yaml").contains("status: approved"))
        #expect(try git(["status", "--porcelain"], in: ws).stdout.isEmpty)

        let verify = planbench(["verify"], in: ws)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("ok   \(try headOf(ws).prefix(7)) approval plan isr-2027 for united-states by Emily Carter <emily.carter@example.mil> (SHA256:"))
        #expect(verify.stdout.contains("first key of japan (Sato Hanako <h.sato@example.mod.go.jp>): accepted without a signature"))
        let json = planbench(["verify", "--format", "json"], in: ws)
        #expect(json.stdout.contains("\"kind\": \"approval\""))

        // Stock git verifies the same commits with the exported allowed-signers file.
        #expect(planbench(["signers", "export", "-o", "allowed_signers"], in: scratch.path + "/ws").status == 0)
        for revision in ["HEAD", "HEAD~1", "HEAD~3"] {
            let stock = try git(["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(ws)/allowed_signers", "verify-commit", revision], in: ws)
            #expect(stock.status == 0, "\(revision): \(stock.stderr)")
            #expect(stock.stderr.contains("Good \"git\" signature for"), "\(stock.stderr)")
        }
        let log = try git(["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(ws)/allowed_signers", "log", "-1", "--show-signature"], in: ws)
        #expect(log.stdout.contains("Good \"git\" signature for emily.carter@example.mil"), "\(log.stdout)")

        // A later change outdates both approvals: in review again.
        let text = try scratch.read("ws/plans/isr-2027.yaml").replacingOccurrences(of: "title: Bilateral ISR, 2027", with: "title: Bilateral ISR, 2027 (rev. 1)")
        try scratch.write("ws/plans/isr-2027.yaml", text)
        let save = planbench(["save", "-m", "Retitle"], in: ws)
        #expect(save.status == 0, "\(save.stderr)")
        #expect(save.stderr.contains("approvals are outdated"), "\(save.stderr)")
        #expect(try git(["show", "HEAD:plans/isr-2027.yaml"], in: ws).stdout.contains("status: in-review"))
        #expect(planbench(["verify"], in: ws).status == 0)
        let again = planbench(["approve", "isr-2027", "--party", "japan", "--key", keys.sato], in: ws)
        #expect(again.stdout.contains("awaiting united-states"), "\(again.stdout)")
    }

    /// Each forgery on a branch of its own; verify names what is wrong, and HEAD stays good.
    @Test func forgeriesAreDetectedAndNamed() throws {
        let scratch = ScratchDirectory()
        let (ws, keys) = try keyedWorkspace(scratch)
        #expect(planbench(["new", "plan", "p1", "--title", "P1"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "p1"], in: ws).status == 0)
        #expect(planbench(["approve", "p1", "--party", "japan", "--key", keys.sato], in: ws).status == 0)
        let good = try headOf(ws)
        #expect(planbench(["verify"], in: ws).status == 0)
        let fingerprint = try #require(try git(["log", "-1", "--format=%B"], in: ws).stdout.split(separator: "\n").first { $0.hasPrefix("Content: ") }).dropFirst(9)

        func approvalMessage(party: String, signer: String) -> String {
            "Approve plan p1 for \(party)\n\nPlan: p1\nParty: \(party)\nContent: \(fingerprint)\nSigner: \(signer)\n"
        }
        func branch(_ name: String, _ body: () throws -> Void) throws -> String {
            #expect(try git(["checkout", "-q", "-b", name, good], in: ws).status == 0)
            try body()
            #expect(try git(["checkout", "-q", "main"], in: ws).status == 0)
            return name
        }
        func failure(_ revision: String) -> String {
            let result = planbench(["verify", revision], in: ws)
            #expect(result.status == 1, "\(revision) verified: \(result.stdout)")
            return result.stdout
        }

        // 1. Tampering: the signed approval's commit rewritten to another tree, signature kept.
        let raw = try git(["cat-file", "commit", good], in: ws).stdout
        let otherTree = try git(["rev-parse", "HEAD~1^{tree}"], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let tampered = raw.replacingOccurrences(of: #"^tree [0-9a-f]+"#, with: "tree \(otherTree)", options: .regularExpression)
        try scratch.write("tampered.txt", tampered)
        let forged = try git(["hash-object", "-t", "commit", "-w", scratch.file("tampered.txt")], in: ws).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try git(["branch", "tampered", forged], in: ws).status == 0)
        #expect(failure("tampered").contains("the commit was altered after it was signed"))
        #expect(planbench(["signers", "export", "-o", "allowed"], in: ws).status == 0)
        let stock = try git(["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(ws)/allowed", "verify-commit", "tampered"], in: ws)
        #expect(stock.status != 0)
        #expect(try git(["-c", "gpg.format=ssh", "-c", "gpg.ssh.allowedSignersFile=\(ws)/allowed", "verify-commit", good], in: ws).status == 0)

        // 2. A key of the other party: Carter's key approving for japan.
        let other = try branch("other-party") { () throws in
            #expect(try signedGit(["commit", "-q", "--allow-empty", "-S", "-m", approvalMessage(party: "japan", signer: "Emily Carter <emily.carter@example.mil>")],
                                  key: keys.carter, name: "Emily Carter", email: "emily.carter@example.mil", in: ws).status == 0)
        }
        #expect(failure(other).contains("belongs to Emily Carter <emily.carter@example.mil>, a signer of united-states, not of japan"))

        // 3. An expired key: Yamamoto's key was valid only before 2026-01-01.
        let expired = try branch("expired") { () throws in
            let result = try signedGit(["commit", "-q", "--allow-empty", "-S", "-m", approvalMessage(party: "japan", signer: "Yamamoto Aiko <a.yamamoto@example.mod.go.jp>")],
                                       key: keys.yamamoto, name: "Yamamoto Aiko", email: "a.yamamoto@example.mod.go.jp", in: ws)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(failure(expired).contains("is valid only before 2026-01-01"))

        // 4. A key added to signers: in an unsigned commit (with git, since planbench refuses it).
        let yaml = try scratch.read("ws/planbench.yaml")
        try scratch.write("ws/planbench.yaml", yaml.replacingOccurrences(
            of: "  - name: Laura Chen\n    email: laura.chen@example.mil\n    party: united-states",
            with: "  - name: Laura Chen\n    email: laura.chen@example.mil\n    party: united-states\n    key: \(try String(contentsOfFile: keys.stranger + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " "))"))
        let refused = planbench(["save", "-m", "sneak a key in"], in: ws)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("changes the signers of united-states"), "\(refused.stderr)")
        let sneaked = try branch("unsigned-key") { () throws in
            #expect(try git(["-c", "user.name=M", "-c", "user.email=m@example.org", "commit", "-qam", "add a key"], in: ws).status == 0)
        }
        #expect(failure(sneaked).contains("a change to united-states's signers in an unsigned commit"))

        // 5. A forged signer name: Sato's key, but the approval names Yamamoto.
        let forgedName = try branch("forged-name") { () throws in
            #expect(try signedGit(["commit", "-q", "--allow-empty", "-S", "-m", approvalMessage(party: "japan", signer: "Yamamoto Aiko <a.yamamoto@example.mod.go.jp>")],
                                  key: keys.sato, name: "Yamamoto Aiko", email: "a.yamamoto@example.mod.go.jp", in: ws).status == 0)
        }
        #expect(failure(forgedName).contains("forged signer: the record names Yamamoto Aiko <a.yamamoto@example.mod.go.jp>, but the key belongs to Sato Hanako"))

        #expect(planbench(["verify", "main"], in: ws).status == 0)
    }

    @Test func requireSignaturesRefusesUnsignedConcurrence() throws {
        let scratch = ScratchDirectory()
        let (ws, keys) = try keyedWorkspace(scratch)
        let review = "2027-q1"
        let yaml = try scratch.read("ws/planbench.yaml")
        try scratch.write("ws/planbench.yaml", yaml.replacingOccurrences(of: "  dueSoonWindow: P60D", with: "  dueSoonWindow: P60D\n  requireSignatures: true"))
        #expect(planbench(["save", "-m", "Require signatures"], in: ws).status == 0)
        let opened = planbench(["review", "open", review, "--plans", "isr-peacetime", "--today", "2026-11-26"], in: ws)
        try #require(opened.status == 0, "\(opened.stderr)")
        let unsigned = planbench(["review", "sign", review, "--party", "japan", "--meaning", "reviewed", "--author", "Sato Hanako <h.sato@example.mod.go.jp>"], in: ws)
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("requireSignatures is true"), "\(unsigned.stderr)")
        let signed = planbench(["review", "sign", review, "--party", "japan", "--meaning", "reviewed", "--key", keys.sato], in: ws)
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(signed.stdout.contains("Sato Hanako signed review \(review) for japan (reviewed) with key SHA256:"))
        let verify = planbench(["verify"], in: ws)
        #expect(verify.stdout.contains("ok   \(try headOf(ws).prefix(7)) sign-off review \(review) (reviewed) for japan by Sato Hanako"), "\(verify.stdout)")
        // Plans marked approved without signed approvals fail once signatures are required.
        #expect(verify.stdout.contains("FAIL"))
        #expect(verify.stdout.contains("is marked approved, but japan and united-states have no valid approval"))
        #expect(try git(["verify-commit", "HEAD"], in: ws).status != 0)  // no allowed-signers configured: git cannot vouch
    }

    /// Turns reviewPolicy.requireSignatures on in a saved commit.
    func requireSignatures(in ws: String) throws {
        let path = ws + "/planbench.yaml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        try #require(yaml.contains("  dueSoonWindow: P60D\n"))
        try yaml.replacingOccurrences(of: "  dueSoonWindow: P60D\n", with: "  dueSoonWindow: P60D\n  requireSignatures: true\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let saved = planbench(["save", "-m", "Require signatures"], in: ws)
        try #require(saved.status == 0, "\(saved.stderr)")
    }

    /// The commit at HEAD again with the same tree, message and author: unsigned, or
    /// signed by `key` (which need not be anyone's in planbench.yaml).
    func recommitHEAD(in ws: String, signedWith key: String?) throws {
        let arguments = ["commit", "-q", "--amend", "--no-edit", "--allow-empty"]
        let result = try key.map { try signedGit(arguments + ["-S"], key: $0, name: "M", email: "m@example.org", in: ws) }
            ?? git(["-c", "user.name=M", "-c", "user.email=m@example.org"] + arguments + ["--no-gpg-sign"], in: ws)
        try #require(result.status == 0, "\(result.stderr)")
    }

    /// With reviewPolicy.requireSignatures, review close counts only concurrence whose
    /// commit verifies: Japan's concurrence with its signature stripped, or re-signed by a
    /// key that is no signer's, is refused and named (the United States' valid one is not);
    /// the same concurrence as Sato signed it closes the review.
    @Test func reviewCloseAcceptsOnlyVerifiedConcurrenceWhenSignaturesAreRequired() throws {
        let scratch = ScratchDirectory()
        let (ws, keys) = try keyedWorkspace(scratch)
        try requireSignatures(in: ws)
        let review = "2027-q1"
        let opened = planbench(["review", "open", review, "--plans", "isr-peacetime", "--today", "2026-11-26", "--format", "json"], in: ws)
        try #require(opened.status == 0, "\(opened.stderr)")
        let record = try #require(JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any])
        for finding in record["findings"] as? [[String: Any]] ?? [] {
            let disposed = planbench(["review", "dispose", review, finding["id"] as! String, "--accept", "--rationale", "accepted for the test"], in: ws)
            try #require(disposed.status == 0, "\(disposed.stderr)")
        }
        #expect(planbench(["review", "decide", review, "--decision", "adequate"], in: ws).status == 0)
        let us = planbench(["review", "sign", review, "--party", "united-states", "--meaning", "concurred", "--key", keys.carter], in: ws)
        #expect(us.status == 0, "\(us.stderr)")
        let japan = planbench(["review", "sign", review, "--party", "japan", "--meaning", "concurred", "--key", keys.sato], in: ws)
        #expect(japan.status == 0, "\(japan.stderr)")
        let signed = try headOf(ws)
        let close = ["review", "close", review, "--decision", "adequate"]

        try recommitHEAD(in: ws, signedWith: nil)
        let unsigned = try headOf(ws)
        let refusedUnsigned = planbench(close, in: ws)
        #expect(refusedUnsigned.status == 1)
        #expect(refusedUnsigned.stderr.contains("party japan's concurrence is not validly signed (unsigned sign-off; reviewPolicy.requireSignatures is true)"), "\(refusedUnsigned.stderr)")
        #expect(!refusedUnsigned.stderr.contains("party united-states"), "\(refusedUnsigned.stderr)")
        #expect(try headOf(ws) == unsigned, "nothing committed")

        #expect(try git(["reset", "-q", "--hard", signed], in: ws).status == 0)
        try recommitHEAD(in: ws, signedWith: keys.stranger)
        let refusedStranger = planbench(close, in: ws)
        #expect(refusedStranger.status == 1)
        #expect(refusedStranger.stderr.contains("party japan's concurrence is not validly signed (key SHA256:"), "\(refusedStranger.stderr)")
        #expect(refusedStranger.stderr.contains("is not the key of any signer in planbench.yaml"), "\(refusedStranger.stderr)")
        #expect(!refusedStranger.stderr.contains("party united-states"))

        #expect(try git(["reset", "-q", "--hard", signed], in: ws).status == 0)
        let closed = planbench(close, in: ws)
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(try git(["show", "HEAD:reviews/\(review).yaml"], in: ws).stdout.contains("state: closed"))
        #expect(planbench(["verify"], in: ws).stdout.contains("ok   \(signed.prefix(7)) sign-off review \(review) (concurred) for japan by Sato Hanako"))
    }

    /// With reviewPolicy.requireSignatures, a plan becomes approved only on approvals that
    /// verify: Japan's approval stripped of its signature, or re-signed by a key that is no
    /// signer's, does not count when the United States approves; the save that marks the
    /// plan approved by hand is refused too.
    @Test func planApprovalCountsOnlyVerifiedApprovalsWhenSignaturesAreRequired() throws {
        let scratch = ScratchDirectory()
        let (ws, keys) = try keyedWorkspace(scratch)
        try requireSignatures(in: ws)
        #expect(planbench(["new", "plan", "isr-2027", "--title", "Bilateral ISR, 2027"], in: ws).status == 0)
        #expect(planbench(["save", "-m", "Draft isr-2027"], in: ws).status == 0)
        let drafted = try headOf(ws)
        let japan = planbench(["approve", "isr-2027", "--party", "japan", "--key", keys.sato], in: ws)
        #expect(japan.status == 0, "\(japan.stderr)")
        let approvedByJapan = try headOf(ws)

        for key in [nil, keys.stranger] {
            #expect(try git(["reset", "-q", "--hard", approvedByJapan], in: ws).status == 0)
            try recommitHEAD(in: ws, signedWith: key)
            let us = planbench(["approve", "isr-2027", "--party", "united-states", "--key", keys.carter], in: ws)
            #expect(us.status == 0, "\(us.stderr)")
            #expect(us.stdout.contains("awaiting japan"), "\(key ?? "unsigned"): \(us.stdout)")
            #expect(try git(["show", "HEAD:plans/isr-2027.yaml"], in: ws).stdout.contains("status: in-review"))
            let verify = planbench(["verify"], in: ws)
            #expect(verify.status == 1)
            #expect(verify.stdout.contains("FAIL \(try headOf(ws, "HEAD~1").prefix(7)) approval plan isr-2027 for japan by Sato Hanako"), "\(verify.stdout)")
            #expect(verify.stdout.contains(key == nil ? "the commit is not signed" : "is not the key of any signer in planbench.yaml"), "\(verify.stdout)")
        }

        // Marking the plan approved by hand is no approval either.
        #expect(try git(["reset", "-q", "--hard", drafted], in: ws).status == 0)
        let path = ws + "/plans/isr-2027.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try #require(text.contains("status: draft"))
        try text.replacingOccurrences(of: "status: draft", with: "status: approved").write(toFile: path, atomically: true, encoding: .utf8)
        let byHand = planbench(["save", "-m", "Approved, we say"], in: ws)
        #expect(byHand.status == 2, "\(byHand.stdout)")
        #expect(byHand.stderr.contains("plans/isr-2027.yaml sets status: approved by hand, but reviewPolicy.requireSignatures is true"), "\(byHand.stderr)")
        #expect(byHand.stderr.contains("set the status back to draft, save, then planbench approve isr-2027 --party PARTY"), "\(byHand.stderr)")
        #expect(try headOf(ws) == drafted)
        #expect(try git(["checkout", "--", "plans/isr-2027.yaml"], in: ws).status == 0)

        #expect(try git(["reset", "-q", "--hard", approvedByJapan], in: ws).status == 0)
        let us = planbench(["approve", "isr-2027", "--party", "united-states", "--key", keys.carter], in: ws)
        #expect(us.stdout.contains("Plan approved by japan and united-states"), "\(us.stdout)")
        #expect(try git(["show", "HEAD:plans/isr-2027.yaml"], in: ws).stdout.contains("status: approved"))
        let verify = planbench(["verify"], in: ws).stdout
        #expect(verify.contains("ok   \(approvedByJapan.prefix(7)) approval plan isr-2027 for japan by Sato Hanako"), "\(verify)")
        #expect(verify.contains("ok   \(try headOf(ws).prefix(7)) approval plan isr-2027 for united-states by Emily Carter"), "\(verify)")
        #expect(!verify.contains("plan isr-2027 is marked approved"))
    }
}
