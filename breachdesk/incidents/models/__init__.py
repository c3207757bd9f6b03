"""The incident's models, one module per concept; Django loads an app's models from here.

`incident` holds the case itself and its named readers, `investigation` what the coordinator
found out (contacts, measures), `assessment` the risk assessment, `imy` the submissions to IMY.
The report's vocabulary (incidents.vocabulary) is named here too, where one looks for the
incident's choices.
"""

from breachdesk.incidents.models.assessment import RiskAssessment as RiskAssessment
from breachdesk.incidents.models.imy import ImyNotification as ImyNotification
from breachdesk.incidents.models.imy import NotificationKind as NotificationKind
from breachdesk.incidents.models.incident import Art34Exception as Art34Exception
from breachdesk.incidents.models.incident import ImyOutcome as ImyOutcome
from breachdesk.incidents.models.incident import Incident as Incident
from breachdesk.incidents.models.incident import ProtectedReader as ProtectedReader
from breachdesk.incidents.models.incident import ProtectionReason as ProtectionReason
from breachdesk.incidents.models.investigation import Cause as Cause
from breachdesk.incidents.models.investigation import Contact as Contact
from breachdesk.incidents.models.investigation import ContactParty as ContactParty
from breachdesk.incidents.models.investigation import Investigation as Investigation
from breachdesk.incidents.models.investigation import Measure as Measure
from breachdesk.incidents.vocabulary import SPECIAL_DATA_TYPES as SPECIAL_DATA_TYPES
from breachdesk.incidents.vocabulary import DataType as DataType
from breachdesk.incidents.vocabulary import Location as Location
from breachdesk.incidents.vocabulary import SubjectCategory as SubjectCategory
