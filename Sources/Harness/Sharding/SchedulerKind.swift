/// The schedulers and CI systems attnbench recognises from their environment variables,
/// and which of their variables identify a job (recorded in run.json's `scheduler`).
public enum SchedulerKind: String, CaseIterable, Sendable {
    case slurm
    case kubernetes
    case githubActions = "github-actions"
    case gitlabCI = "gitlab-ci"

    /// The variables worth keeping to find the job again, in the order they are listed.
    /// For Kubernetes, `JOB_NAME`, `POD_NAME` and `NODE_NAME` exist only when the Job's
    /// manifest passes them down (docs/scale-out.md shows how); `HOSTNAME` is the pod name.
    public var jobVariables: [String] {
        switch self {
        case .slurm:
            return [
                "SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT",
                "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_JOB_NAME",
                "SLURM_CLUSTER_NAME", "SLURMD_NODENAME"
            ]
        case .kubernetes:
            return ["JOB_COMPLETION_INDEX", "JOB_NAME", "POD_NAME", "NODE_NAME", "HOSTNAME"]
        case .githubActions:
            return [
                "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT", "GITHUB_JOB", "GITHUB_WORKFLOW", "GITHUB_REPOSITORY",
                "GITHUB_SHA", "RUNNER_NAME"
            ]
        case .gitlabCI:
            return [
                "CI_PIPELINE_ID", "CI_JOB_ID", "CI_JOB_NAME", "CI_NODE_INDEX", "CI_NODE_TOTAL", "CI_COMMIT_SHA",
                "CI_RUNNER_DESCRIPTION"
            ]
        }
    }

    /// The scheduler whose marker variable is set, first match in declaration order
    /// (`SLURM_JOB_ID`; `JOB_COMPLETION_INDEX` or `KUBERNETES_SERVICE_HOST`;
    /// `GITHUB_ACTIONS=true`; `GITLAB_CI=true`), or nil.
    public static func detect(in environment: [String: String]) -> SchedulerKind? {
        allCases.first { kind in
            switch kind {
            case .slurm: return environment["SLURM_JOB_ID"] != nil || environment["SLURM_ARRAY_TASK_ID"] != nil
            case .kubernetes:
                return environment["JOB_COMPLETION_INDEX"] != nil || environment["KUBERNETES_SERVICE_HOST"] != nil
            case .githubActions: return environment["GITHUB_ACTIONS"] == "true"
            case .gitlabCI: return environment["GITLAB_CI"] == "true"
            }
        }
    }

    /// This scheduler's job variables that are set.
    public func variables(in environment: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in jobVariables { if let value = environment[name] { out[name] = value } }
        return out
    }
}
