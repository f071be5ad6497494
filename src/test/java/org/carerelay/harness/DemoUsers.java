package org.carerelay.harness;

/** The demo network's people (shared/spec DEMO-NETWORK.md). Every demo password is "demo". */
public final class DemoUsers {

    public static final String PASSWORD = "demo";

    public static final String NURSE_RIVERSIDE = "nurse.riverside";
    public static final String LEAD_RIVERSIDE = "lead.riverside";
    public static final String RESPONDER_EASTSIDE = "responder.eastside";
    public static final String LEAD_EASTSIDE = "lead.eastside";
    public static final String ADMIN_EASTSIDE = "admin.eastside";
    public static final String PRIVACY_EASTSIDE = "privacy.eastside";
    public static final String CLINICIAN_MINDBRIDGE = "clinician.mindbridge";
    public static final String WORKER_HARBOR = "worker.harbor";
    public static final String OFFICER_NORTHGATE = "officer.northgate";
    public static final String ADVISOR_WELFARE = "advisor.welfare";
    public static final String COMMISSIONER_COUNTY = "commissioner.county";
    public static final String STEWARD_COUNTY = "steward.county";
    public static final String PRIVACY_RIVERSIDE = "privacy.riverside";
    public static final String PRIVACY_MINDBRIDGE = "privacy.mindbridge";
    public static final String PRIVACY_HARBOR = "privacy.harbor";
    public static final String PRIVACY_NORTHGATE = "privacy.northgate";
    public static final String PRIVACY_WELFARE = "privacy.welfare";

    private DemoUsers() {
    }
}
