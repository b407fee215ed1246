// Two parties, one record: clone, remote, fetch, pull, push and sync over a
// file path, smart HTTP and SSH, against servers the tests start on loopback.
import Foundation
import Glibc
import Testing

/// A bare repository holding the example workspace with all its branches.
func exampleServer(_ scratch: ScratchDirectory, name: String = "server.git") throws -> String {
    let made = planbench(["init", "--example", "origin-ws"], in: scratch.path)
    try #require(made.status == 0, "\(made.stderr)")
    let bare = scratch.file(name)
    let cloned = try git(["clone", "-q", "--bare", scratch.file("origin-ws"), bare], in: scratch.path)
    try #require(cloned.status == 0, "\(cloned.stderr)")
    return bare
}

/// A server made from the example workspace, and two planbench clones of it, `a` and `b`.
func twoClones(_ scratch: ScratchDirectory) throws -> (server: String, a: String, b: String) {
    let server = try exampleServer(scratch)
    for name in ["a", "b"] {
        let cloned = planbench(["clone", server, name], in: scratch.path)
        try #require(cloned.status == 0, "\(cloned.stderr)")
    }
    return (server, scratch.file("a"), scratch.file("b"))
}

func headOf(_ directory: String, _ revision: String = "HEAD") throws -> String {
    try git(["rev-parse", revision], in: directory).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}

func fsckIsClean(_ directory: String) throws -> Bool {
    let result = try git(["fsck", "--strict", "--no-dangling"], in: directory)
    return result.status == 0 && !result.stderr.contains("error")
}

@Suite struct SyncTests {
    @Test func remotesAreAddedListedAndRemoved() throws {
        let scratch = ScratchDirectory()
        #expect(planbench(["init", "ws"], in: scratch.path).status == 0)
        let ws = scratch.file("ws")
        #expect(planbench(["remote", "add", "us-side", "ssh://git@127.0.0.1:2222/srv/plans.git"], in: ws).status == 0)
        #expect(planbench(["remote", "add", "origin", "/srv/plans.git"], in: ws).status == 0)
        #expect(planbench(["remote", "add", "origin", "/elsewhere"], in: ws).status == 2)
        #expect(planbench(["remote", "list"], in: ws).stdout == "origin\t/srv/plans.git\nus-side\tssh://git@127.0.0.1:2222/srv/plans.git\n")
        let json = planbench(["remote", "list", "--format", "json"], in: ws).stdout
        #expect(json.contains("\"name\": \"us-side\""))
        #expect(planbench(["remote", "remove", "us-side"], in: ws).status == 0)
        #expect(planbench(["remote", "list"], in: ws).stdout == "origin\t/srv/plans.git\n")
        let missing = planbench(["remote", "remove", "us-side"], in: ws)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("us-side"))
        #expect(try git(["remote"], in: ws).stdout == "origin\n")
    }

    /// Japan and the United States each clone the record; the U.S. side drafts the
    /// concurrent edit that git's line merge conflicts on. Its push is refused until
    /// it pulls; the pull merges structurally; the other side then fast-forwards.
    @Test func twoClonesDraftingAtOncePullMergesStructurally() throws {
        let scratch = ScratchDirectory()
        let server = try exampleServer(scratch)
        let japan = planbench(["clone", "file://" + server, "japan"], in: scratch.path)
        #expect(japan.status == 0, "\(japan.stderr)")
        #expect(japan.stdout.contains("Cloned"))
        #expect(planbench(["clone", server, "us"], in: scratch.path).status == 0)
        let (jp, us) = (scratch.file("japan"), scratch.file("us"))
        #expect(try git(["status", "--porcelain"], in: jp).stdout.isEmpty)

        // Japan's side moves main on the server (a new plan).
        #expect(planbench(["new", "plan", "jp-logistics", "--title", "Japan logistics annex"], in: jp).status == 0)
        #expect(planbench(["save", "-m", "Japan: logistics annex"], in: jp).status == 0)
        #expect(planbench(["push"], in: jp).status == 0)

        // The U.S. side's main holds the draft that git's line merge conflicts on.
        #expect(try git(["reset", "-q", "--hard", "origin/draft/us-review"], in: us).status == 0)
        let refused = planbench(["push"], in: us)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Pull first (planbench pull origin main)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("never forces"))
        #expect(try headOf(server, "main") == headOf(jp))

        let pulled = planbench(["pull"], in: us)
        #expect(pulled.status == 0, "\(pulled.stdout)\(pulled.stderr)")
        #expect(pulled.stdout.contains("Merged origin/main cleanly"))
        #expect(try git(["log", "-1", "--format=%s"], in: us).stdout == "Merge branch 'origin/main' into main\n")
        #expect(FileManager.default.fileExists(atPath: us + "/plans/jp-logistics.yaml"))
        #expect(planbench(["validate"], in: us).status == 0)
        let pushed = planbench(["push", "origin", "main"], in: us)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try headOf(server, "main") == headOf(us))

        let fastForward = planbench(["pull"], in: jp)
        #expect(fastForward.status == 0, "\(fastForward.stderr)")
        #expect(fastForward.stdout.contains("Fast-forwarded"))
        #expect(try headOf(jp) == headOf(us))
        #expect(planbench(["sync"], in: jp).stdout.contains("up to date"))
        for directory in [jp, us, server] { #expect(try fsckIsClean(directory)) }
    }

    @Test func samePlanIdCreatedOnBothSidesIsAConflictNotAnOverwrite() throws {
        let scratch = ScratchDirectory()
        let (server, a, b) = try twoClones(scratch)
        #expect(planbench(["new", "plan", "isr-2027", "--title", "Japan's ISR draft"], in: a).status == 0)
        #expect(planbench(["save", "-m", "Japan drafts isr-2027"], in: a).status == 0)
        #expect(planbench(["sync"], in: a).status == 0)
        #expect(planbench(["new", "plan", "isr-2027", "--title", "U.S. ISR draft"], in: b).status == 0)
        #expect(planbench(["save", "-m", "U.S. drafts isr-2027"], in: b).status == 0)

        let sync = planbench(["sync"], in: b)
        #expect(sync.status == 1)
        #expect(sync.stdout.contains("plans/isr-2027.yaml"))
        #expect(sync.stdout.contains("(document created on both sides): added on both sides with different content"), "\(sync.stdout)")
        #expect(sync.stdout.contains("planbench pull --continue"))
        // Nothing was pushed, nothing committed.
        #expect(try headOf(server, "main") == headOf(a))
        let conflicts = planbench(["conflicts", "--format", "json"], in: b)
        #expect(conflicts.stdout.contains("\"kind\": \"add-add\""))
        #expect(planbench(["resolve", "plans/isr-2027.yaml", "--take", "theirs"], in: b).status == 0)
        #expect(try scratch.read("b/plans/isr-2027.yaml").contains("Japan's ISR draft"))
        let done = planbench(["pull", "--continue"], in: b)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(planbench(["push"], in: b).status == 0)
        #expect(planbench(["pull"], in: a).status == 0)
        #expect(try headOf(a) == headOf(b))
    }

    @Test func pullAbortRestoresTheWorkTree() throws {
        let scratch = ScratchDirectory()
        let (_, a, b) = try twoClones(scratch)
        #expect(planbench(["new", "plan", "x", "--title", "A"], in: a).status == 0)
        #expect(planbench(["save", "-m", "a"], in: a).status == 0)
        #expect(planbench(["push"], in: a).status == 0)
        #expect(planbench(["new", "plan", "x", "--title", "B"], in: b).status == 0)
        #expect(planbench(["save", "-m", "b"], in: b).status == 0)
        let head = try headOf(b)
        #expect(planbench(["pull"], in: b).status == 1)
        #expect(planbench(["push"], in: b).status == 2)
        #expect(planbench(["pull", "--abort"], in: b).status == 0)
        #expect(try headOf(b) == head)
        #expect(try scratch.read("b/plans/x.yaml").contains("title: B"))
        #expect(try git(["status", "--porcelain"], in: b).stdout.isEmpty)
    }

    /// Pull, sync, signers add and approve move the branch, so each brings an existing
    /// index up to date, as save and merge do.
    @Test func commandsThatMoveTheBranchKeepAnExistingIndexCurrent() throws {
        let scratch = ScratchDirectory()
        let (_, a, b) = try twoClones(scratch)
        #expect(planbench(["index", "rebuild"], in: b).status == 0)
        func indexIsCurrent() throws -> Bool {
            let status = planbench(["index", "status", "--format", "json"], in: b)
            let report = try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], "\(status.stdout)\(status.stderr)")
            return report["current"] as? Bool == true
        }
        func commitAndPush(_ plan: String, in clone: String) {
            #expect(planbench(["new", "plan", plan, "--title", plan], in: clone).status == 0)
            #expect(planbench(["save", "-m", plan], in: clone).status == 0)
            #expect(planbench(["push"], in: clone).status == 0)
        }

        commitAndPush("from-a-1", in: a)
        #expect(planbench(["pull"], in: b).status == 0)
        #expect(try indexIsCurrent(), "after pull")

        commitAndPush("from-a-2", in: a)
        #expect(planbench(["new", "plan", "from-b", "--title", "From B"], in: b).status == 0)
        #expect(planbench(["save", "-m", "from b"], in: b).status == 0)
        let synced = planbench(["sync"], in: b)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try indexIsCurrent(), "after sync")

        let keys = try PartyKeys(in: scratch)
        let added = planbench(["signers", "add", "--party", "japan", "--name", "Sato Hanako", "--email", "h.sato@example.mod.go.jp", "--key", keys.sato + ".pub"], in: b)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try indexIsCurrent(), "after signers add")
        let approved = planbench(["approve", "from-b", "--party", "japan", "--key", keys.sato], in: b)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try indexIsCurrent(), "after approve")
    }

    @Test func cloneRefusesARepositoryThatIsNotAWorkspace() throws {
        let scratch = ScratchDirectory()
        #expect(try git(["init", "-q", "plain"], in: scratch.path).status == 0)
        try scratch.write("plain/README", "not plans\n")
        #expect(try git(["-c", "user.name=T", "-c", "user.email=t@e", "add", "README"], in: scratch.file("plain")).status == 0)
        #expect(try git(["-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "x"], in: scratch.file("plain")).status == 0)
        let result = planbench(["clone", scratch.file("plain"), "copy"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a planbench workspace"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("copy")))
    }

    @Test func transferProgressShowsOnATerminalOnly() throws {
        let scratch = ScratchDirectory()
        let server = try exampleServer(scratch)
        let terminal = planbench(["clone", "file://" + server, "t"], in: scratch.path, stderrIsTerminal: true)
        #expect(terminal.status == 0)
        #expect(terminal.stderr.contains("Receiving objects: 100% ("), "\(terminal.stderr)")
        #expect(terminal.stderr.contains("KiB") || terminal.stderr.contains("MiB"))
        let piped = planbench(["clone", "file://" + server, "p"], in: scratch.path)
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty)
        #expect(planbench(["new", "plan", "y", "--title", "Y"], in: scratch.file("t")).status == 0)
        #expect(planbench(["save", "-m", "y"], in: scratch.file("t")).status == 0)
        let push = planbench(["push"], in: scratch.file("t"), stderrIsTerminal: true)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("Writing objects: 100% ("), "\(push.stderr)")
    }
}

/// The same over smart HTTP (git http-backend) and SSH (sshd), on loopback.
@Suite struct NetworkSyncTests {
    @Test func smartHTTPWithATokenFromTheEnvironmentOrGitCredentials() throws {
        let scratch = ScratchDirectory()
        let root = scratch.file("srv")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try exampleServer(scratch, name: "srv/plans.git")
        let secret = "s3cret-token-\(UInt32.random(in: 0...UInt32.max))"
        let server = try GitHTTPServer(root: root, token: "japan:\(secret)")
        let url = server.url("plans.git")

        let none = planbench(["clone", url, "none"], in: scratch.path)
        #expect(none.status == 2)
        #expect(none.stderr.contains("none was available"), "\(none.stderr)")

        let wrong = planbench(["clone", url, "wrong"], in: scratch.path, environment: ["PLANBENCH_TOKEN": "not-the-token", "PLANBENCH_TOKEN_USER": "japan"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("refused the credentials offered: token from PLANBENCH_TOKEN (user japan)"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("not-the-token"))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("wrong")))

        let environment = ["PLANBENCH_TOKEN": secret, "PLANBENCH_TOKEN_USER": "japan"]
        let cloned = planbench(["clone", url, "a"], in: scratch.path, environment: environment)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        #expect(!cloned.stdout.contains(secret) && !cloned.stderr.contains(secret))

        // ~/.git-credentials, as `git credential-store` writes it.
        let home = scratch.file("home")
        try scratch.write("home/.git-credentials", "https://someone:else@example.org\nhttp://japan:\(secret)@127.0.0.1:\(server.port)\n")
        #expect(planbench(["clone", url, "b"], in: scratch.path, environment: ["HOME": home]).status == 0)

        let (a, b) = (scratch.file("a"), scratch.file("b"))
        #expect(planbench(["new", "plan", "http-plan", "--title", "Over HTTP"], in: a).status == 0)
        #expect(planbench(["save", "-m", "http"], in: a).status == 0)
        let pushed = planbench(["push"], in: a, environment: environment)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try headOf(root + "/plans.git", "main") == headOf(a))
        let fetched = planbench(["fetch"], in: b, environment: ["HOME": home])
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("origin/main"))
        #expect(planbench(["pull"], in: b, environment: ["HOME": home]).status == 0)
        #expect(try headOf(b) == headOf(a))
        #expect(try fsckIsClean(root + "/plans.git"))
    }

    @Test func sshWithAKeyFileCheckedAgainstKnownHosts() throws {
        let scratch = ScratchDirectory()
        _ = try exampleServer(scratch, name: "plans.git")
        let server = try SSHServer(in: scratch.file("sshd"))
        let url = server.url(scratch.file("plans.git"))
        let home = scratch.file("home")
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        let environment = ["HOME": home, "PLANBENCH_SSH_KEY": server.clientKey]

        // An unknown host is refused before any credential is offered.
        let unknown = planbench(["clone", url, "unknown"], in: scratch.path, environment: environment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("is not in \(home)/.ssh/known_hosts"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains("ssh-keyscan -p \(server.port) 127.0.0.1"))

        // A different key on record for the host: refused as a changed key.
        try scratch.write("home/.ssh/known_hosts", "[127.0.0.1]:\(server.port) ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n")
        let changed = planbench(["clone", url, "changed"], in: scratch.path, environment: environment)
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("lists another key"), "\(changed.stderr)")

        try scratch.write("home/.ssh/known_hosts", server.knownHostsLine + "\n")
        // A key the server does not accept is named, and the secret file's contents never shown.
        let keygen = try requireProgram("/usr/bin/ssh-keygen", package: "openssh-client")
        try runProcess(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", scratch.file("stranger")])
        let refused = planbench(["clone", url, "refused"], in: scratch.path, environment: ["HOME": home, "PLANBENCH_SSH_KEY": scratch.file("stranger")])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refused the credentials offered: SSH key \(scratch.file("stranger")) (PLANBENCH_SSH_KEY)"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("PRIVATE KEY"))

        let cloned = planbench(["clone", url, "a"], in: scratch.path, environment: environment)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        // ~/.ssh/id_ed25519 is found without PLANBENCH_SSH_KEY.
        try FileManager.default.copyItem(atPath: server.clientKey, toPath: home + "/.ssh/id_ed25519")
        try FileManager.default.copyItem(atPath: server.clientKey + ".pub", toPath: home + "/.ssh/id_ed25519.pub")
        #expect(planbench(["clone", url, "b"], in: scratch.path, environment: ["HOME": home]).status == 0)

        let (a, b) = (scratch.file("a"), scratch.file("b"))
        #expect(planbench(["new", "plan", "ssh-plan", "--title", "Over SSH"], in: a).status == 0)
        #expect(planbench(["save", "-m", "ssh"], in: a).status == 0)
        let synced = planbench(["sync"], in: a, environment: environment)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try headOf(scratch.file("plans.git"), "main") == headOf(a))
        #expect(planbench(["pull"], in: b, environment: ["HOME": home]).status == 0)
        #expect(try headOf(b) == headOf(a))
        #expect(try fsckIsClean(scratch.file("plans.git")))
    }
}

/// A transfer killed halfway, at either end, leaves both sides consistent: no
/// reference half-updated, git fsck clean, and the next sync completes. Each
/// transport has a slow server to interrupt and a fast one to finish on.
@Suite struct InterruptedTransferTests {
    /// A served workspace whose main gained a 3 MB incompressible file after `local` cloned it.
    func setUp(_ scratch: ScratchDirectory) throws -> (root: String, bare: String, local: String, before: String) {
        let root = scratch.file("srv")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let bare = try exampleServer(scratch, name: "srv/plans.git")
        #expect(planbench(["clone", bare, "local"], in: scratch.path).status == 0)
        let helper = scratch.file("helper")
        #expect(try git(["clone", "-q", bare, helper], in: scratch.path).status == 0)
        try commitBigFile("annex.bin", in: helper)
        #expect(try git(["push", "-q", "origin", "main"], in: helper).status == 0)
        let local = scratch.file("local")
        return (root, bare, local, try headOf(local, "refs/remotes/origin/main"))
    }

    /// Commits a 3 MB incompressible file `name` on the current branch of `clone`.
    func commitBigFile(_ name: String, in clone: String) throws {
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &random) }
        try Data(bytes).write(to: URL(fileURLWithPath: clone + "/" + name))
        #expect(try git(["add", name], in: clone).status == 0)
        #expect(try git(["-c", "user.name=H", "-c", "user.email=h@example.org", "commit", "-qm", "add \(name)"], in: clone).status == 0)
    }

    func expectConsistent(_ local: String, trackingAt before: String, bare: String) throws {
        #expect(try headOf(local, "refs/remotes/origin/main") == before)
        #expect(try fsckIsClean(local))
        #expect(try fsckIsClean(bare))
        #expect(try git(["status", "--porcelain"], in: local).stdout.isEmpty)
    }

    /// After a push killed halfway: neither the server's branch nor our record of it moved.
    func expectPushLeftNoTrace(_ local: String, bare: String, server: String, tracking: String) throws {
        #expect(try headOf(bare, "main") == server)
        #expect(try headOf(local, "refs/remotes/origin/main") == tracking)
        #expect(try fsckIsClean(bare))
        #expect(try fsckIsClean(local))
    }

    /// Runs the planbench executable and kills it (SIGKILL) once `halfway` returns true.
    func runKilled(_ arguments: [String], in directory: String, environment: [String: String], halfway: () -> Bool) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try planbenchExecutable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "PLANBENCH_AUTHOR": "T <t@example.org>"].merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while process.isRunning && !halfway() { usleep(20_000) }
        #expect(process.isRunning, "the transfer finished before it could be interrupted")
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A condition that holds once `seconds` have passed.
    func after(_ seconds: Double) -> () -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        return { Date() >= deadline }
    }

    /// A fetch, then the push of a big commit, each run by `interrupted` against a
    /// server killed halfway (`interrupted` points origin back at a working server
    /// afterwards): the fetch changes nothing and the next pull works; the push
    /// leaves no trace and the next sync works. `environment` reaches the working server.
    func expectServerKillsLeaveNoTrace(
        local: String, bare: String, before: String, environment: [String: String] = [:],
        interrupted: ([String], Int) throws -> RunResult
    ) throws {
        let fetch = try interrupted(["fetch"], 1)
        #expect(fetch.status == 2)
        #expect(fetch.stderr.contains("fetch from origin failed"), "\(fetch.stderr)")
        try expectConsistent(local, trackingAt: before, bare: bare)
        let pulled = planbench(["pull"], in: local, environment: environment)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try headOf(local) == headOf(bare, "main"))

        try commitBigFile("annex2.bin", in: local)
        let (server, tracking) = (try headOf(bare, "main"), try headOf(local, "refs/remotes/origin/main"))
        let push = try interrupted(["push"], 2)
        #expect(push.status == 2)
        #expect(push.stderr.contains("push to origin failed"), "\(push.stderr)")
        try expectPushLeftNoTrace(local, bare: bare, server: server, tracking: tracking)
        let synced = planbench(["sync"], in: local, environment: environment)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try headOf(bare, "main") == headOf(local))
        #expect(try fsckIsClean(local))
        #expect(try fsckIsClean(bare))
    }

    @Test func serverKilledDuringAFetchAndDuringAPush() throws {
        let scratch = ScratchDirectory()
        let (root, bare, local, before) = try setUp(scratch)
        let fast = try GitHTTPServer(root: root)
        // Runs planbench in this process against a slow server killed after 1.5 s.
        try expectServerKillsLeaveNoTrace(local: local, bare: bare, before: before) { arguments, _ in
            let slow = try GitHTTPServer(root: root, delayMilliseconds: 40)
            #expect(try git(["remote", "set-url", "origin", slow.url("plans.git")], in: local).status == 0)
            let pid = slow.process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) { _ = Glibc.kill(pid, SIGKILL) }
            let result = planbench(arguments, in: local)
            #expect(try git(["remote", "set-url", "origin", fast.url("plans.git")], in: local).status == 0)
            return result
        }
    }

    @Test func clientKilledDuringAFetchAndDuringAPush() throws {
        let scratch = ScratchDirectory()
        let (root, bare, local, before) = try setUp(scratch)
        let slow = try GitHTTPServer(root: root, delayMilliseconds: 40)
        let fast = try GitHTTPServer(root: root)
        let environment = ["HOME": scratch.path]

        #expect(try git(["remote", "set-url", "origin", slow.url("plans.git")], in: local).status == 0)
        try runKilled(["fetch"], in: local, environment: environment, halfway: after(1.5))
        try expectConsistent(local, trackingAt: before, bare: bare)
        #expect(try git(["remote", "set-url", "origin", fast.url("plans.git")], in: local).status == 0)
        #expect(planbench(["pull"], in: local).status == 0)

        // Now the other way: a big local commit whose push is killed halfway.
        try commitBigFile("annex2.bin", in: local)
        let (server, tracking) = (try headOf(bare, "main"), try headOf(local, "refs/remotes/origin/main"))
        #expect(try git(["remote", "set-url", "origin", slow.url("plans.git")], in: local).status == 0)
        try runKilled(["push"], in: local, environment: environment, halfway: after(1.5))
        try expectPushLeftNoTrace(local, bare: bare, server: server, tracking: tracking)

        #expect(try git(["remote", "set-url", "origin", fast.url("plans.git")], in: local).status == 0)
        let synced = planbench(["sync"], in: local)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try headOf(bare, "main") == headOf(local))
        #expect(try fsckIsClean(bare))
    }

    /// SSH: an sshd whose git commands run behind a slow relay, killed with its session
    /// and git process once half a megabyte of the pack went through the relay.
    @Test func sshServerKilledDuringAFetchAndDuringAPush() throws {
        let scratch = ScratchDirectory()
        let (_, bare, local, before) = try setUp(scratch)
        let fast = try SSHServer(in: scratch.file("sshd-fast"))
        var knownHosts = fast.knownHostsLine + "\n"
        let throughFast = ["HOME": scratch.file("home"), "PLANBENCH_SSH_KEY": fast.clientKey]
        // Runs planbench in this process while a watcher kills a new slow server halfway.
        try expectServerKillsLeaveNoTrace(local: local, bare: bare, before: before, environment: throughFast) { arguments, number in
            let slow = try SSHServer(in: scratch.file("sshd-slow-\(number)"), delayMilliseconds: 40)
            knownHosts += slow.knownHostsLine + "\n"
            try scratch.write("home/.ssh/known_hosts", knownHosts)
            #expect(try git(["remote", "set-url", "origin", slow.url(bare)], in: local).status == 0)
            let (pid, marker) = (slow.pid, slow.halfwayMarker)
            let killed = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                let deadline = Date().addingTimeInterval(120)
                while !FileManager.default.fileExists(atPath: marker) && Date() < deadline { usleep(20_000) }
                SSHServer.killTree(of: pid)
                killed.signal()
            }
            let result = planbench(arguments, in: local, environment: ["HOME": scratch.file("home"), "PLANBENCH_SSH_KEY": slow.clientKey])
            killed.wait()
            #expect(FileManager.default.fileExists(atPath: marker), "the transfer never got halfway")
            #expect(try git(["remote", "set-url", "origin", fast.url(bare)], in: local).status == 0)
            return result
        }
    }

    @Test func sshClientKilledDuringAFetchAndDuringAPush() throws {
        let scratch = ScratchDirectory()
        let (_, bare, local, before) = try setUp(scratch)
        let slow = try SSHServer(in: scratch.file("sshd-slow"), delayMilliseconds: 40)
        let fast = try SSHServer(in: scratch.file("sshd-fast"))
        try scratch.write("home/.ssh/known_hosts", slow.knownHostsLine + "\n" + fast.knownHostsLine + "\n")
        let throughSlow = ["HOME": scratch.file("home"), "PLANBENCH_SSH_KEY": slow.clientKey]
        let throughFast = ["HOME": scratch.file("home"), "PLANBENCH_SSH_KEY": fast.clientKey]
        let halfway = { FileManager.default.fileExists(atPath: slow.halfwayMarker) }

        #expect(try git(["remote", "set-url", "origin", slow.url(bare)], in: local).status == 0)
        try runKilled(["fetch"], in: local, environment: throughSlow, halfway: halfway)
        #expect(halfway(), "the fetch never got halfway")
        try expectConsistent(local, trackingAt: before, bare: bare)
        #expect(try git(["remote", "set-url", "origin", fast.url(bare)], in: local).status == 0)
        let pulled = planbench(["pull"], in: local, environment: throughFast)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(try headOf(local) == headOf(bare, "main"))

        try commitBigFile("annex2.bin", in: local)
        let (server, tracking) = (try headOf(bare, "main"), try headOf(local, "refs/remotes/origin/main"))
        try FileManager.default.removeItem(atPath: slow.halfwayMarker)
        #expect(try git(["remote", "set-url", "origin", slow.url(bare)], in: local).status == 0)
        try runKilled(["push"], in: local, environment: throughSlow, halfway: halfway)
        #expect(halfway(), "the push never got halfway")
        try expectPushLeftNoTrace(local, bare: bare, server: server, tracking: tracking)

        #expect(try git(["remote", "set-url", "origin", fast.url(bare)], in: local).status == 0)
        let synced = planbench(["sync"], in: local, environment: throughFast)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try headOf(bare, "main") == headOf(local))
        #expect(try fsckIsClean(bare))
    }
}
