package io.fleetloop.ddi.rest.api;

/**
 * The paths of the hawkBit DDI API v1, relative to {@link #BASE_V1_REQUEST_MAPPING}{@code /{controllerId}}. Server
 * mappings and client URLs are built from these, so both agree by construction.
 */
public final class DdiRestConstants {

    public static final String BASE_V1_REQUEST_MAPPING = "/{tenant}/controller/v1";
    public static final String CONTROLLER = "/{controllerId}";

    public static final String DEPLOYMENT_BASE_ACTION = "deploymentBase";
    public static final String INSTALLED_BASE_ACTION = "installedBase";
    public static final String CANCEL_ACTION = "cancelAction";
    public static final String CONFIG_DATA_ACTION = "configData";
    public static final String FEEDBACK = "feedback";
    /** Fleetloop's edge collection rules (not in hawkBit; its clients ignore the link). */
    public static final String COLLECTION_RULES_ACTION = "collectionRules";
    public static final String COLLECTION_RULES_PATH = "collection-rules";
    /** Fleetloop's edge collection uploads, trigger reports and collection status (not in hawkBit). */
    public static final String COLLECTION_UPLOADS_PATH = "collection-uploads";
    public static final String COLLECTION_TRIGGERS_PATH = "collection-triggers";
    public static final String COLLECTION_STATUS_PATH = "collection-status";
    public static final String SOFTWARE_MODULES = "softwaremodules";
    public static final String ARTIFACTS = "artifacts";
    /** The suffix of an artifact's md5sum file (as Linux md5sum writes it). */
    public static final String ARTIFACT_MD5_DWNL_SUFFIX = ".MD5SUM";

    public static final String MEDIA_TYPE_HAL_JSON = "application/hal+json";

    /** Server mappings, relative to the controller. */
    public static final String DEPLOYMENT_BASE = "/" + DEPLOYMENT_BASE_ACTION + "/{actionId}";
    public static final String DEPLOYMENT_BASE_FEEDBACK = DEPLOYMENT_BASE + "/" + FEEDBACK;
    public static final String INSTALLED_BASE = "/" + INSTALLED_BASE_ACTION + "/{actionId}";
    public static final String CANCEL = "/" + CANCEL_ACTION + "/{actionId}";
    public static final String CANCEL_FEEDBACK = CANCEL + "/" + FEEDBACK;
    public static final String CONFIG_DATA = "/" + CONFIG_DATA_ACTION;
    public static final String COLLECTION_RULES = "/" + COLLECTION_RULES_PATH;
    public static final String COLLECTION_RULES_STATUS = COLLECTION_RULES + "/status";
    public static final String COLLECTION_DICTIONARIES_PATH = "dictionaries";
    public static final String COLLECTION_DICTIONARY = COLLECTION_RULES + "/" + COLLECTION_DICTIONARIES_PATH + "/{assetId}";
    public static final String COLLECTION_UPLOADS = "/" + COLLECTION_UPLOADS_PATH;
    public static final String COLLECTION_UPLOAD_COMPLETE = COLLECTION_UPLOADS + "/{uploadId}/complete";
    public static final String COLLECTION_TRIGGERS = "/" + COLLECTION_TRIGGERS_PATH;
    public static final String COLLECTION_STATUS = "/" + COLLECTION_STATUS_PATH;
    public static final String ARTIFACT = "/" + SOFTWARE_MODULES + "/{moduleId}/" + ARTIFACTS + "/{filename}";

    private DdiRestConstants() {
    }

    /** {@code {controllerBase}/deploymentBase/{actionId}/feedback}. */
    public static String deploymentFeedback(String controllerBase, String actionId) {
        return controllerBase + "/" + DEPLOYMENT_BASE_ACTION + "/" + actionId + "/" + FEEDBACK;
    }

    /** {@code {controllerBase}/collection-rules/status}, where a device reports the rules version it runs. */
    public static String collectionRulesStatus(String controllerBase) {
        return controllerBase + COLLECTION_RULES_STATUS;
    }

    /** {@code {controllerBase}/cancelAction/{actionId}/feedback}. */
    public static String cancelFeedback(String controllerBase, String actionId) {
        return controllerBase + "/" + CANCEL_ACTION + "/" + actionId + "/" + FEEDBACK;
    }

    /** {@code {controllerBase}/softwaremodules/{moduleId}/artifacts/{filename}}. */
    public static String artifact(String controllerBase, Object moduleId, String filename) {
        return controllerBase + "/" + SOFTWARE_MODULES + "/" + moduleId + "/" + ARTIFACTS + "/" + filename;
    }
}
